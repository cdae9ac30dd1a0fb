import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { ConfigError } from '../errors/ConfigError.js'
import type { Config, RedisConfig } from './Config.js'
import { loadAdmins } from './loadAdmins.js'

type Env = Record<string, string | undefined>

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

function value (env: Env, name: string): string | undefined {
  const v = env[name]
  return v === undefined || v.trim() === '' ? undefined : v.trim()
}

function integer (env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = value(env, name)
  if (raw === undefined) return fallback
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name}: "${raw}" n'est pas un entier positif`)
  const n = Number(raw)
  if (n < min || n > max) throw new ConfigError(`${name}: ${n} doit être compris entre ${min} et ${max}`)
  return n
}

function hostPorts (name: string, raw: string): Array<{ host: string, port: number }> {
  return raw.split(',').map((item) => {
    const m = /^\s*([^\s:]+|\[[0-9a-fA-F:]+\]):(\d{1,5})\s*$/.exec(item)
    if (m === null || Number(m[2]) > 65535) {
      throw new ConfigError(`${name}: "${item.trim()}" n'est pas de la forme hôte:port`)
    }
    return { host: (m[1] as string).replace(/^\[|\]$/g, ''), port: Number(m[2]) }
  })
}

function redisConfig (env: Env): RedisConfig | undefined {
  const url = value(env, 'REDIS_URL')
  const sentinels = value(env, 'REDIS_SENTINELS')
  const cluster = value(env, 'REDIS_CLUSTER_NODES')
  const set = [url, sentinels, cluster].filter((v) => v !== undefined).length
  if (set > 1) {
    throw new ConfigError('REDIS_URL, REDIS_SENTINELS et REDIS_CLUSTER_NODES s\'excluent : n\'en définir qu\'un')
  }
  if (url !== undefined) {
    let parsed: URL
    try { parsed = new URL(url) } catch { throw new ConfigError(`REDIS_URL: "${url}" n'est pas une URL`) }
    if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
      throw new ConfigError(`REDIS_URL: le schéma doit être redis:// ou rediss:// (reçu ${parsed.protocol})`)
    }
    return { kind: 'url', url }
  }
  if (sentinels !== undefined) {
    return { kind: 'sentinel', sentinels: hostPorts('REDIS_SENTINELS', sentinels), name: value(env, 'REDIS_SENTINEL_NAME') ?? 'mymaster' }
  }
  if (cluster !== undefined) return { kind: 'cluster', nodes: hostPorts('REDIS_CLUSTER_NODES', cluster) }
  return undefined
}

function publicUrl (env: Env): { publicUrl: string, basePath: string, secure: boolean } {
  const raw = value(env, 'PUBLIC_URL') ?? 'http://localhost:8080'
  let parsed: URL
  try { parsed = new URL(raw) } catch { throw new ConfigError(`PUBLIC_URL: "${raw}" n'est pas une URL`) }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(`PUBLIC_URL: le schéma doit être http ou https (reçu ${parsed.protocol})`)
  }
  if (parsed.search !== '' || parsed.hash !== '' || parsed.username !== '' || parsed.password !== '') {
    throw new ConfigError('PUBLIC_URL: ni paramètres, ni fragment, ni identifiants dans l\'URL publique')
  }
  const basePath = parsed.pathname.replace(/\/+$/, '')
  return { publicUrl: parsed.origin + basePath, basePath, secure: parsed.protocol === 'https:' }
}

function secrets (env: Env, production: boolean): { casSecrets: string[], casSecretGenerated: boolean } {
  const raw = value(env, 'CAS_SECRET')
  if (raw === undefined) {
    if (production) throw new ConfigError('CAS_SECRET: obligatoire quand NODE_ENV=production (au moins 32 caractères)')
    return { casSecrets: [randomBytes(32).toString('base64url')], casSecretGenerated: true }
  }
  // A comma-separated list allows rotation: the first signs, all still verify.
  const list = raw.split(',').map((s) => s.trim()).filter((s) => s !== '')
  for (const s of list) {
    if (s.length < 32) throw new ConfigError('CAS_SECRET: chaque secret doit faire au moins 32 caractères')
  }
  return { casSecrets: list, casSecretGenerated: false }
}

/** PROXY_CA_FILE is read at start-up, so that a missing or empty file stops the start rather than every proxy callback. */
function proxyCa (env: Env): { proxyCaFile: string | undefined, proxyCa: string | undefined } {
  const path = value(env, 'PROXY_CA_FILE')
  if (path === undefined) return { proxyCaFile: undefined, proxyCa: undefined }
  let pem: string
  try { pem = readFileSync(path, 'utf8') } catch (err) {
    throw new ConfigError(`PROXY_CA_FILE: ${path} illisible (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new ConfigError(`PROXY_CA_FILE: ${path} ne contient aucun certificat PEM`)
  }
  return { proxyCaFile: path, proxyCa: pem }
}

/**
 * TRUST_PROXY: unset, nobody's X-Forwarded-For is believed, so a client cannot pick the address
 * that throttling and the audit log see; behind a load balancer, name its addresses.
 */
function trustProxy (env: Env): boolean | number | string[] {
  const raw = value(env, 'TRUST_PROXY')
  if (raw === undefined || raw === 'false') return false
  if (raw === 'true') return true
  if (/^\d+$/.test(raw)) return Number(raw)
  const list = raw.split(',').map((s) => s.trim()).filter((s) => s !== '')
  for (const item of list) {
    if (!/^(?:loopback|linklocal|uniquelocal|[0-9.]+(?:\/\d{1,2})?|[0-9a-fA-F:]+(?:\/\d{1,3})?)$/.test(item)) {
      throw new ConfigError(`TRUST_PROXY: "${item}" n'est ni une adresse, ni un réseau CIDR, ni loopback/linklocal/uniquelocal`)
    }
  }
  return list
}

/** Loopback hosts, the only ones ADMIN_JWKS_URL may reach over plain http. */
function isLoopback (hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
}

/**
 * The admin API's token settings. The HS256 secret must be long, and distinct from every
 * CAS_SECRET: with the same key, the login form's public `execution` token would be a valid
 * signature for the admin API. The key set is fetched over https, so that nobody on the way can
 * hand Sésame keys of their own.
 */
function adminTokens (env: Env, casSecrets: string[]): Pick<Config, 'adminJwtSecret' | 'adminJwksUrl' | 'adminJwtAudience' | 'adminJwtIssuer'> {
  const adminJwksUrl = value(env, 'ADMIN_JWKS_URL')
  if (adminJwksUrl !== undefined) {
    let u: URL | undefined
    try { u = new URL(adminJwksUrl) } catch { u = undefined }
    if (u === undefined || (u.protocol !== 'https:' && u.protocol !== 'http:')) {
      throw new ConfigError(`ADMIN_JWKS_URL: "${adminJwksUrl}" n'est pas une URL http(s)`)
    }
    if (u.protocol === 'http:' && !isLoopback(u.hostname)) {
      throw new ConfigError(`ADMIN_JWKS_URL: https obligatoire (http seulement vers localhost, 127.0.0.0/8 ou ::1), reçu "${adminJwksUrl}"`)
    }
  }
  const adminJwtSecret = value(env, 'ADMIN_JWT_SECRET')
  if (adminJwtSecret !== undefined && Buffer.byteLength(adminJwtSecret, 'utf8') < 32) {
    throw new ConfigError('ADMIN_JWT_SECRET: au moins 32 octets')
  }
  if (adminJwtSecret !== undefined && casSecrets.includes(adminJwtSecret)) {
    throw new ConfigError('ADMIN_JWT_SECRET: doit être différent de chaque secret de CAS_SECRET')
  }
  return {
    adminJwtSecret,
    adminJwksUrl,
    adminJwtAudience: value(env, 'ADMIN_JWT_AUDIENCE') ?? 'sesame-admin',
    adminJwtIssuer: value(env, 'ADMIN_JWT_ISSUER')
  }
}

/** Reads and checks the environment; throws a ConfigError naming the first bad variable. */
export function loadEnv (env: Env): Config {
  const production = value(env, 'NODE_ENV') === 'production'
  const logLevel = value(env, 'LOG_LEVEL') ?? 'info'
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL: "${logLevel}" inconnu (attendu : ${LOG_LEVELS.join(', ')})`)
  }
  const casSecrets = secrets(env, production)
  const admin = adminTokens(env, casSecrets.casSecrets)
  const tgtTtlSeconds = integer(env, 'TGT_TTL_SECONDS', 28800, 60, 31_536_000)
  const tgtIdleSeconds = integer(env, 'TGT_IDLE_SECONDS', 7200, 60, 31_536_000)
  if (tgtIdleSeconds > tgtTtlSeconds) {
    throw new ConfigError('TGT_IDLE_SECONDS: ne peut dépasser TGT_TTL_SECONDS')
  }
  return {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: value(env, 'HOST') ?? '0.0.0.0',
    ...publicUrl(env),
    redis: redisConfig(env),
    trustProxy: trustProxy(env),
    servicesFile: value(env, 'SERVICES_FILE') ?? 'config/services.json',
    directoriesFile: value(env, 'DIRECTORIES_FILE') ?? 'config/directories.json',
    ...casSecrets,
    stTtlSeconds: integer(env, 'ST_TTL_SECONDS', 10, 1, 300),
    tgtTtlSeconds,
    tgtIdleSeconds,
    rememberMeTtlSeconds: integer(env, 'REMEMBER_ME_TTL_SECONDS', 1_209_600, 60, 31_536_000),
    loginTokenTtlSeconds: integer(env, 'LOGIN_FORM_TTL_SECONDS', 900, 30, 86_400),
    pgtTtlSeconds: integer(env, 'PGT_TTL_SECONDS', 7200, 60, 31_536_000),
    ...proxyCa(env),
    proxyCallbackTimeoutMs: integer(env, 'PROXY_CALLBACK_TIMEOUT_MS', 5000, 100, 60_000),
    sloTimeoutMs: integer(env, 'SLO_TIMEOUT_MS', 5000, 100, 60_000),
    throttle: {
      perLogin: integer(env, 'THROTTLE_LOGIN_FAILURES', 5, 1, 1000),
      // High: a school's pupils often share one address behind its NAT.
      perAddress: integer(env, 'THROTTLE_ADDRESS_FAILURES', 300, 1, 1_000_000),
      windowSeconds: integer(env, 'THROTTLE_WINDOW_SECONDS', 900, 1, 86_400)
    },
    importMaxBytes: integer(env, 'IMPORT_MAX_BYTES', 50 * 1024 * 1024, 1, 2 ** 32),
    dataDir: value(env, 'DATA_DIR') ?? 'data',
    admins: value(env, 'ADMINS_FILE') === undefined ? undefined : loadAdmins(value(env, 'ADMINS_FILE') as string),
    ...admin,
    logLevel,
    production
  }
}
