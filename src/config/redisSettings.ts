import { readFileSync } from 'node:fs'
import { ConfigError } from '../errors/ConfigError.js'
import type { RedisConfig, RedisSecurity, RedisTls } from './Config.js'
import { type Env, HAS_SCHEME, enumSetting, rawSetting, secretSetting, stringSetting } from './readSetting.js'

function hostPorts (name: string, raw: string): Array<{ host: string, port: number }> {
  return raw.split(',').map((item) => {
    const m = /^\s*([^\s:]+|\[[0-9a-fA-F:]+\]):(\d{1,5})\s*$/.exec(item)
    if (m === null || Number(m[2]) > 65535) {
      throw new ConfigError(`${name}: "${item.trim()}" n'est pas de la forme hôte:port`)
    }
    return { host: (m[1] as string).replace(/^\[|\]$/g, ''), port: Number(m[2]) }
  })
}

export function redisConfig (env: Env): RedisConfig | undefined {
  const url = rawSetting(env, 'REDIS_URL')
  const sentinels = rawSetting(env, 'REDIS_SENTINELS')
  const cluster = rawSetting(env, 'REDIS_CLUSTER_NODES')
  const set = [url, sentinels, cluster].filter((v) => v !== undefined).length
  if (set > 1) {
    throw new ConfigError('REDIS_URL, REDIS_SENTINELS et REDIS_CLUSTER_NODES s\'excluent : n\'en définir qu\'un')
  }
  if (url !== undefined) {
    if (!HAS_SCHEME.test(url)) throw new ConfigError(`REDIS_URL: "${url}" n'a pas de schéma (attendu : redis://${url}, ou rediss://${url} avec TLS)`)
    let parsed: URL
    try { parsed = new URL(url) } catch { throw new ConfigError(`REDIS_URL: "${url}" n'est pas une URL`) }
    if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
      throw new ConfigError(`REDIS_URL: le schéma doit être redis:// ou rediss:// (reçu ${parsed.protocol})`)
    }
    return { kind: 'url', url }
  }
  if (sentinels !== undefined) {
    return { kind: 'sentinel', sentinels: hostPorts('REDIS_SENTINELS', sentinels), name: stringSetting(env, 'REDIS_SENTINEL_NAME') as string }
  }
  if (cluster !== undefined) return { kind: 'cluster', nodes: hostPorts('REDIS_CLUSTER_NODES', cluster) }
  return undefined
}

/** A PEM file named by a variable, read at start-up so that a wrong path stops the start, not every connection. */
function pemFile (env: Env, name: 'REDIS_TLS_CA_FILE' | 'REDIS_TLS_CERT_FILE' | 'REDIS_TLS_KEY_FILE', marker: RegExp, what: string): { file: string | undefined, pem: string | undefined } {
  const file = rawSetting(env, name)
  if (file === undefined) return { file: undefined, pem: undefined }
  let pem: string
  try { pem = readFileSync(file, 'utf8') } catch (err) {
    throw new ConfigError(`${name}: ${file} illisible (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
  }
  if (!marker.test(pem)) throw new ConfigError(`${name}: ${file} ne contient aucun${what} au format PEM`)
  return { file, pem }
}

function redisTls (env: Env, url: string | undefined): RedisTls | undefined {
  const flag = enumSetting(env, 'REDIS_TLS')
  const rediss = url !== undefined && url.toLowerCase().startsWith('rediss:')
  if (rediss && flag === 'false') throw new ConfigError('REDIS_TLS: false contredit REDIS_URL en rediss:// (TLS)')
  const files = (['REDIS_TLS_CA_FILE', 'REDIS_TLS_CERT_FILE', 'REDIS_TLS_KEY_FILE'] as const).filter((n) => rawSetting(env, n) !== undefined)
  if (!rediss && flag !== 'true') {
    if (files.length > 0) throw new ConfigError(`${files[0] as string}: sans effet sans TLS (REDIS_TLS=true, ou REDIS_URL en rediss://)`)
    return undefined
  }
  const ca = pemFile(env, 'REDIS_TLS_CA_FILE', /-----BEGIN CERTIFICATE-----/, ' certificat')
  const cert = pemFile(env, 'REDIS_TLS_CERT_FILE', /-----BEGIN CERTIFICATE-----/, ' certificat')
  const key = pemFile(env, 'REDIS_TLS_KEY_FILE', /-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'e clé privée')
  if ((cert.file === undefined) !== (key.file === undefined)) {
    throw new ConfigError(cert.file === undefined ? 'REDIS_TLS_CERT_FILE: obligatoire avec REDIS_TLS_KEY_FILE' : 'REDIS_TLS_KEY_FILE: obligatoire avec REDIS_TLS_CERT_FILE')
  }
  return { ca: ca.pem, caFile: ca.file, cert: cert.pem, certFile: cert.file, key: key.pem, keyFile: key.file }
}

/**
 * Redis as deployed: an ACL user and password for the data nodes (REDIS_URL's own credentials
 * still work, but not both), the Sentinels' own, and TLS with a private CA and client certificate.
 */
export function redisSecurity (env: Env, redis: RedisConfig | undefined): RedisSecurity {
  const names = ['REDIS_USERNAME', 'REDIS_PASSWORD', 'REDIS_SENTINEL_USERNAME', 'REDIS_SENTINEL_PASSWORD', 'REDIS_TLS',
    'REDIS_TLS_CA_FILE', 'REDIS_TLS_CERT_FILE', 'REDIS_TLS_KEY_FILE'] as const
  if (redis === undefined) {
    const stray = names.find((n) => rawSetting(env, n) !== undefined)
    if (stray !== undefined) throw new ConfigError(`${stray}: sans effet sans Redis (REDIS_URL, REDIS_SENTINELS ou REDIS_CLUSTER_NODES)`)
    return { username: undefined, password: undefined, sentinelUsername: undefined, sentinelPassword: undefined, tls: undefined }
  }
  const username = rawSetting(env, 'REDIS_USERNAME')
  const password = secretSetting(env, 'REDIS_PASSWORD')
  if (redis.kind === 'url' && (username !== undefined || password !== undefined)) {
    const u = new URL(redis.url)
    if (u.username !== '' || u.password !== '') {
      throw new ConfigError(`${username !== undefined ? 'REDIS_USERNAME' : 'REDIS_PASSWORD'}: REDIS_URL porte déjà des identifiants ; n'en garder qu'un`)
    }
  }
  if (username !== undefined && password === undefined) throw new ConfigError('REDIS_PASSWORD: obligatoire avec REDIS_USERNAME')
  const sentinelUsername = rawSetting(env, 'REDIS_SENTINEL_USERNAME')
  const sentinelPassword = secretSetting(env, 'REDIS_SENTINEL_PASSWORD')
  if (redis.kind !== 'sentinel' && (sentinelUsername !== undefined || sentinelPassword !== undefined)) {
    throw new ConfigError(`${sentinelUsername !== undefined ? 'REDIS_SENTINEL_USERNAME' : 'REDIS_SENTINEL_PASSWORD'}: sans effet sans REDIS_SENTINELS`)
  }
  if (sentinelUsername !== undefined && sentinelPassword === undefined) throw new ConfigError('REDIS_SENTINEL_PASSWORD: obligatoire avec REDIS_SENTINEL_USERNAME')
  return { username, password, sentinelUsername, sentinelPassword, tls: redisTls(env, redis.kind === 'url' ? redis.url : undefined) }
}
