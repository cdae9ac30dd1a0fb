import { Cluster, Redis, type RedisOptions } from 'ioredis'
import type { RedisConfig } from './Config.js'

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
function connect (config: RedisConfig): Redis | Cluster {
  const common: RedisOptions = {
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
    case 'sentinel': return new Redis({ ...common, sentinels: config.sentinels, name: config.name, failoverDetector: true })
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

export function createRedisClient (config: RedisConfig): Redis | Cluster {
  return autoPipelineWhileReady(connect(config))
}
