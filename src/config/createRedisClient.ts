import { Cluster, Redis, type RedisOptions } from 'ioredis'
import type { ConnectionOptions } from 'node:tls'
import type { RedisConfig, RedisSecurity } from './Config.js'

export const NO_REDIS_SECURITY: RedisSecurity = { username: undefined, password: undefined, sentinelUsername: undefined, sentinelPassword: undefined, tls: undefined }

/** Node's TLS options for Redis: the CA (else the system's), and the client certificate when there is one. */
function tlsOptions (security: RedisSecurity): ConnectionOptions | undefined {
  const tls = security.tls
  if (tls === undefined) return undefined
  const options: ConnectionOptions = {}
  if (tls.ca !== undefined) options.ca = tls.ca
  if (tls.cert !== undefined) options.cert = tls.cert
  if (tls.key !== undefined) options.key = tls.key
  return options
}

/** Only the credentials that are set: an undefined password must not override REDIS_URL's own. */
function credentials (username: string | undefined, password: string | undefined): Pick<RedisOptions, 'username' | 'password'> {
  const out: Pick<RedisOptions, 'username' | 'password'> = {}
  if (username !== undefined) out.username = username
  if (password !== undefined) out.password = password
  return out
}

/** How long one Redis command may take before it fails (and the request answers 503). */
export const REDIS_COMMAND_TIMEOUT_MS = 2000

/**
 * Commands sent in the same tick by concurrent requests leave in one write (auto-pipelining):
 * under load this is what brings a validation near the bare GETDEL's cost (BENCHMARKS.md). Only
 * while connected, though: ioredis runs one auto-pipeline at a time per connection, so during an
 * outage each command would wait for the previous batch to fail before failing in turn (twice
 * the time to a 503, measured in test/ops/redisOutage.test.ts).
 */
function autoPipelineWhileReady (client: Redis | Cluster): Redis | Cluster {
  const set = (on: boolean): void => { client.options.enableAutoPipelining = on }
  set(client.status === 'ready')
  client.on('ready', () => { set(true) })
  client.on('close', () => { set(false) })
  return client
}

/**
 * The Redis client the configuration asks for: one URL, a Sentinel set, or a Cluster. While Redis
 * is unreachable a command fails fast (one reconnection attempt, a command timeout) instead of
 * waiting, so that an outage turns into a 503 answer; ioredis keeps reconnecting in the
 * background, at most a second apart, and service resumes by itself.
 */
function connect (config: RedisConfig, security: RedisSecurity): Redis | Cluster {
  const tls = tlsOptions(security)
  const common: RedisOptions = {
    ...credentials(security.username, security.password),
    ...(tls === undefined ? {} : { tls }),
    maxRetriesPerRequest: 1,
    // Kept on so that commands sent while the first connection opens wait for it (bounded by
    // commandTimeout and maxRetriesPerRequest).
    enableOfflineQueue: true,
    connectTimeout: 3000,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    retryStrategy: (times) => Math.min(times * 100, 1000),
    // After a failover the old master answers READONLY: reconnect (Sentinel then names the new
    // master) and send the command again.
    reconnectOnError: (err) => err.message.startsWith('READONLY') ? 2 : false
  }
  switch (config.kind) {
    case 'url': return new Redis(config.url, common)
    case 'sentinel': return new Redis({
      ...common,
      sentinels: config.sentinels,
      name: config.name,
      failoverDetector: true,
      // The Sentinels have their own ACL; with TLS, they speak TLS too, checked against the same CA.
      ...(security.sentinelUsername === undefined ? {} : { sentinelUsername: security.sentinelUsername }),
      ...(security.sentinelPassword === undefined ? {} : { sentinelPassword: security.sentinelPassword }),
      ...(tls === undefined ? {} : { enableTLSForSentinelMode: true, sentinelTLS: tls })
    })
    case 'cluster': {
      const { retryStrategy: _unused, ...redisOptions } = common
      return new Cluster(config.nodes, {
        redisOptions,
        clusterRetryStrategy: (times) => Math.min(times * 100, 1000),
        retryDelayOnFailover: 200
      })
    }
  }
}

export function createRedisClient (config: RedisConfig, security: RedisSecurity = NO_REDIS_SECURITY): Redis | Cluster {
  const client = connect(config, security)
  // Errors are told by watchRedis and the start-up check, one line each; until they listen (and
  // in the import command, which reports its own failure), a listener keeps ioredis from printing
  // every failed attempt as "[ioredis] Unhandled error event" with its stack.
  client.on('error', () => {})
  return autoPipelineWhileReady(client)
}
