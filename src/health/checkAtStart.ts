import { Cluster, Redis, type RedisOptions } from 'ioredis'
import type { ConnectionOptions } from 'node:tls'
import type { Config } from '../config/Config.js'
import type { Directory } from '../directory/Directory.js'
import { ConfigError } from '../errors/ConfigError.js'
import { CHECK_TIMEOUT_MS, probeBackends } from './checkReadiness.js'
import { replyCode } from './isRedisUnavailable.js'

export interface StartLog {
  info (obj: object, msg: string): void
  warn (obj: object, msg: string): void
}

// Error replies that mean the credentials are wrong: a setting to fix, not an outage to wait out.
const AUTH_CODES = new Set(['WRONGPASS', 'NOAUTH', 'NOPERM'])
// Node's codes for a certificate it will not trust (OpenSSL's verify errors and its own).
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|CERT_|HOSTNAME_MISMATCH)/

/** A Cluster's "all nodes failed" carries the last node's own error: that is the cause to show. */
function cause (err: unknown): unknown {
  const inner = (err as { lastNodeError?: unknown } | undefined)?.lastNodeError
  return inner ?? err
}

function message (err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** Throws the one line that names the setting to fix, when the error is one (credentials, certificate). */
function refuseMisconfigured (err: unknown, credentials: string): void {
  const code = replyCode(err)
  if (code !== undefined && AUTH_CODES.has(code)) {
    throw new ConfigError(`${credentials}: Redis refuse l'authentification (${message(err)})`)
  }
  const tlsCode = (err as NodeJS.ErrnoException | undefined)?.code
  if (tlsCode !== undefined && TLS_CODE.test(tlsCode)) {
    throw new ConfigError(`REDIS_TLS_CA_FILE: certificat de Redis refusé (${tlsCode}: ${message(err)})`)
  }
}

function redisCredentialNames (config: Config): string {
  return config.redis?.kind === 'url' && config.redisSecurity.password === undefined ? 'REDIS_URL' : 'REDIS_USERNAME/REDIS_PASSWORD'
}

/**
 * Sentinel: asks each sentinel for the master with the sentinels' own credentials, so that a wrong
 * REDIS_SENTINEL_PASSWORD is named as such (through the data client it is one more "All sentinels
 * are unreachable" line).
 */
async function checkSentinels (config: Config): Promise<void> {
  if (config.redis?.kind !== 'sentinel') return
  const { sentinelUsername, sentinelPassword, tls } = config.redisSecurity
  for (const s of config.redis.sentinels) {
    const options: RedisOptions = {
      host: s.host, port: s.port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null,
      connectTimeout: CHECK_TIMEOUT_MS, commandTimeout: CHECK_TIMEOUT_MS, enableOfflineQueue: false
    }
    if (sentinelUsername !== undefined) options.username = sentinelUsername
    if (sentinelPassword !== undefined) options.password = sentinelPassword
    if (tls !== undefined) {
      const t: ConnectionOptions = {}
      if (tls.ca !== undefined) t.ca = tls.ca
      if (tls.cert !== undefined) t.cert = tls.cert
      if (tls.key !== undefined) t.key = tls.key
      options.tls = t
    }
    const probe = new Redis(options)
    let failure: unknown
    probe.on('error', (err: unknown) => { failure ??= err })
    try {
      await probe.connect()
      await probe.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', config.redis.name)
    } catch (err) {
      failure ??= err
    } finally {
      probe.disconnect()
    }
    if (failure !== undefined) refuseMisconfigured(failure, 'REDIS_SENTINEL_USERNAME/REDIS_SENTINEL_PASSWORD')
  }
}

/**
 * PRONOTE links are durable data: a Redis that keeps nothing on disk (no append-only file, no
 * snapshot) loses them all at its next restart. Warned once at start; each master is asked.
 */
async function checkPersistence (redis: Redis | Cluster, log: StartLog): Promise<void> {
  const nodes: Redis[] = redis instanceof Cluster ? redis.nodes('master') : [redis]
  for (const node of nodes) {
    const where = `${node.options.host ?? ''}:${node.options.port ?? ''}`
    try {
      const [, appendonly] = await node.config('GET', 'appendonly') as string[]
      const [, save] = await node.config('GET', 'save') as string[]
      if (appendonly === 'no' && (save ?? '') === '') {
        log.warn({ event: 'startup.redis.persistence', node: where, appendonly, save: save ?? '' }, 'Redis keeps nothing on disk (appendonly no, no save): the PRONOTE links it holds would be lost at its next restart')
      }
    } catch (err) {
      log.warn({ event: 'startup.redis.persistence', node: where, reason: message(err) }, 'Redis persistence could not be checked (CONFIG GET refused): make sure it keeps an append-only file')
    }
  }
}

/**
 * Checks Redis once at start and logs its state in one line. Wrong credentials or an untrusted
 * certificate stop the start with one line naming the setting; an unreachable Redis is logged
 * and the start goes on (the node is not ready until it answers, and ioredis keeps trying).
 */
export async function checkRedisAtStart (redis: Redis | Cluster, config: Config, log: StartLog): Promise<void> {
  await checkSentinels(config)
  let eventError: unknown
  const onError = (err: unknown): void => { eventError ??= err }
  redis.on('error', onError)
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  try {
    const late = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => { reject(new Error(`no answer within ${CHECK_TIMEOUT_MS * 2} ms`)) }, CHECK_TIMEOUT_MS * 2) })
    await Promise.race([redis.ping(), late])
  } catch (err) {
    // The reply (WRONGPASS) when there is one; else what the connection itself met (a certificate).
    const failure = replyCode(cause(err)) !== undefined ? cause(err) : cause(eventError ?? err)
    refuseMisconfigured(failure, redisCredentialNames(config))
    log.warn({ event: 'startup.redis', kind: config.redis?.kind, state: 'down', reason: message(failure) }, 'Redis does not answer at start: this node is not ready until it does')
    return
  } finally {
    clearTimeout(timer)
    redis.off('error', onError)
  }
  log.info({ event: 'startup.redis', kind: config.redis?.kind, state: 'up', ms: Math.round(performance.now() - started), tls: config.redisSecurity.tls !== undefined }, 'Redis answers')
  await checkPersistence(redis, log)
}

/** Asks each directory once at start, and logs each one's state in one line. */
export async function checkDirectoriesAtStart (directories: readonly Directory[], log: StartLog): Promise<void> {
  const checks = await probeBackends(undefined, directories)
  for (const d of directories) {
    const state = checks[`directory:${d.id}`]
    if (state?.up === true) log.info({ event: 'startup.directory', directory: d.id, state: 'up', ms: state.ms }, `directory ${d.id} answers`)
    else log.warn({ event: 'startup.directory', directory: d.id, state: 'down', reason: state?.error ?? 'ping answered no' }, `directory ${d.id} does not answer at start`)
  }
}
