import { createPrivateKey, type KeyObject, randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { ConfigError } from '../errors/ConfigError.js'
import type { Config, PronotePartner, RedisConfig, RedisSecurity, RedisTls } from './Config.js'
import { loadAdmins } from './loadAdmins.js'
import { DEMO_PARTNER } from './settings.js'
import { enumSetting, type Env, integerSetting, rawSetting, secretSetting, stringSetting } from './readSetting.js'

export { DEMO_PARTNER } from './settings.js'

// "cas.example.fr" or "redis1:6379" (which URL would read as the scheme "redis1:"): a URL
// written without its scheme, answered with the form expected.
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i

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
function redisSecurity (env: Env, redis: RedisConfig | undefined): RedisSecurity {
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

function publicUrl (env: Env): { publicUrl: string, basePath: string, secure: boolean } {
  const raw = stringSetting(env, 'PUBLIC_URL') as string
  if (!HAS_SCHEME.test(raw)) throw new ConfigError(`PUBLIC_URL: "${raw}" n'a pas de schéma (attendu : https://${raw})`)
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
  const raw = rawSetting(env, 'CAS_SECRET')
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
  const path = rawSetting(env, 'PROXY_CA_FILE')
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
 * that throttling and the audit log see; behind a load balancer, name its addresses or count its
 * hops. `true` is refused: it believes the left-most address of X-Forwarded-For, which the client
 * writes itself, so each request could claim a new address and escape throttling.
 */
function trustProxy (env: Env): false | number | string[] {
  const raw = rawSetting(env, 'TRUST_PROXY')
  if (raw === undefined || raw === 'false') return false
  if (raw === 'true') {
    throw new ConfigError('TRUST_PROXY: true croirait l\'adresse qu\'un client écrit lui-même dans X-Forwarded-For ; ' +
      'indiquer le nombre de proxys (1) ou leurs adresses et réseaux CIDR (10.0.0.0/8,loopback), qui retiennent l\'adresse non fiable la plus à droite')
  }
  if (/^\d+$/.test(raw)) return Number(raw)
  const list = raw.split(',').map((s) => s.trim()).filter((s) => s !== '')
  for (const item of list) {
    if (!/^(?:loopback|linklocal|uniquelocal|[0-9.]+(?:\/\d{1,2})?|[0-9a-fA-F:]+(?:\/\d{1,3})?)$/.test(item)) {
      throw new ConfigError(`TRUST_PROXY: "${item}" n'est ni une adresse, ni un réseau CIDR, ni loopback/linklocal/uniquelocal`)
    }
  }
  return list
}

/** An RSA private key from a PEM file (PKCS#8 or PKCS#1), or a ConfigError naming the variable. */
function readPartnerKey (file: string): KeyObject {
  let pem: string
  try { pem = readFileSync(file, 'utf8') } catch (err) {
    throw new ConfigError(`PRONOTE_PARTNER_KEY_FILE: ${file} illisible (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
  }
  let key: KeyObject
  try { key = createPrivateKey({ key: pem, format: 'pem' }) } catch {
    throw new ConfigError(`PRONOTE_PARTNER_KEY_FILE: ${file} n'est pas une clé privée PEM lisible (PKCS#8 ou PKCS#1, sans phrase de passe)`)
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new ConfigError(`PRONOTE_PARTNER_KEY_FILE: ${file} contient une clé ${key.asymmetricKeyType ?? 'inconnue'}, une clé privée RSA est attendue`)
  }
  return key
}

/** PRONOTE_PARTNER_NAME and PRONOTE_PARTNER_KEY_FILE go together; neither: the demo partner, outside production. */
function pronotePartner (env: Env, production: boolean): PronotePartner | undefined {
  const name = rawSetting(env, 'PRONOTE_PARTNER_NAME')
  const keyFile = rawSetting(env, 'PRONOTE_PARTNER_KEY_FILE')
  if (name === undefined && keyFile === undefined) {
    if (production || !existsSync(DEMO_PARTNER.keyFile)) return undefined
    return { name: DEMO_PARTNER.name, keyFile: DEMO_PARTNER.keyFile, privateKey: readPartnerKey(DEMO_PARTNER.keyFile), demo: true }
  }
  if (name === undefined) throw new ConfigError('PRONOTE_PARTNER_NAME: obligatoire avec PRONOTE_PARTNER_KEY_FILE (le nom de partenaire sous lequel PRONOTE chiffre les exports)')
  if (keyFile === undefined) throw new ConfigError('PRONOTE_PARTNER_KEY_FILE: obligatoire avec PRONOTE_PARTNER_NAME (la clé privée RSA du partenaire, en PEM)')
  return { name, keyFile, privateKey: readPartnerKey(keyFile), demo: false }
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
  const adminJwksUrl = rawSetting(env, 'ADMIN_JWKS_URL')
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
  const adminJwtSecret = rawSetting(env, 'ADMIN_JWT_SECRET')
  if (adminJwtSecret !== undefined && Buffer.byteLength(adminJwtSecret, 'utf8') < 32) {
    throw new ConfigError('ADMIN_JWT_SECRET: au moins 32 octets')
  }
  if (adminJwtSecret !== undefined && casSecrets.includes(adminJwtSecret)) {
    throw new ConfigError('ADMIN_JWT_SECRET: doit être différent de chaque secret de CAS_SECRET')
  }
  return {
    adminJwtSecret,
    adminJwksUrl,
    adminJwtAudience: stringSetting(env, 'ADMIN_JWT_AUDIENCE') as string,
    adminJwtIssuer: rawSetting(env, 'ADMIN_JWT_ISSUER')
  }
}

/**
 * SESAME_DEMO=1 says that an https or production start on demo material (the demo accounts,
 * services and partner key, a generated CAS_SECRET) is a demonstration: without it, such a start
 * is refused (refuseDemoMaterial).
 */
function demoSettings (env: Env): { demo: boolean } {
  const raw = enumSetting(env, 'SESAME_DEMO')
  return { demo: raw === '1' || raw === 'true' }
}

/**
 * READY_REQUIRES: what must answer for this node to be ready. Directory ids are checked against
 * directories.json once it is read (checkReadyRequires).
 */
function readinessSettings (env: Env): { readyRequires: string[] } {
  const raw = stringSetting(env, 'READY_REQUIRES') as string
  const list = raw.split(',').map((s) => s.trim()).filter((s) => s !== '')
  for (const item of list) {
    if (!/^[a-z0-9_-]{1,32}$/.test(item)) {
      throw new ConfigError(`READY_REQUIRES: "${item}" inconnu (attendu : redis, any-directory, all-directories ou l'id d'un annuaire)`)
    }
  }
  return { readyRequires: [...new Set(list)] }
}

/** Reads and checks the environment; throws a ConfigError naming the first bad variable. */
export function loadEnv (env: Env): Config {
  const production = rawSetting(env, 'NODE_ENV') === 'production'
  const logLevel = enumSetting(env, 'LOG_LEVEL') as string
  const casSecrets = secrets(env, production)
  const admin = adminTokens(env, casSecrets.casSecrets)
  const redis = redisConfig(env)
  const tgtTtlSeconds = integerSetting(env, 'TGT_TTL_SECONDS')
  const tgtIdleSeconds = integerSetting(env, 'TGT_IDLE_SECONDS')
  if (tgtIdleSeconds > tgtTtlSeconds) {
    throw new ConfigError('TGT_IDLE_SECONDS: ne peut dépasser TGT_TTL_SECONDS')
  }
  return {
    port: integerSetting(env, 'PORT'),
    host: stringSetting(env, 'HOST') as string,
    ...publicUrl(env),
    redis,
    redisSecurity: redisSecurity(env, redis),
    trustProxy: trustProxy(env),
    servicesFile: stringSetting(env, 'SERVICES_FILE') as string,
    directoriesFile: stringSetting(env, 'DIRECTORIES_FILE') as string,
    ...casSecrets,
    stTtlSeconds: integerSetting(env, 'ST_TTL_SECONDS'),
    tgtTtlSeconds,
    tgtIdleSeconds,
    rememberMeTtlSeconds: integerSetting(env, 'REMEMBER_ME_TTL_SECONDS'),
    loginTokenTtlSeconds: integerSetting(env, 'LOGIN_FORM_TTL_SECONDS'),
    pgtTtlSeconds: integerSetting(env, 'PGT_TTL_SECONDS'),
    ...proxyCa(env),
    proxyCallbackTimeoutMs: integerSetting(env, 'PROXY_CALLBACK_TIMEOUT_MS'),
    sloTimeoutMs: integerSetting(env, 'SLO_TIMEOUT_MS'),
    // A person opening PRONOTE pages gets one ticket per page at most: 60 a minute is far above
    // that, and far below a script flooding /login with one session.
    sessionTicketsPerMinute: integerSetting(env, 'SESSION_TICKETS_PER_MINUTE'),
    throttle: {
      perLogin: integerSetting(env, 'THROTTLE_LOGIN_FAILURES'),
      // High: a school's pupils often share one address behind its NAT.
      perAddress: integerSetting(env, 'THROTTLE_ADDRESS_FAILURES'),
      // Whatever the address: an attacker who changes address still gets this many tries per login.
      perLoginAnyAddress: integerSetting(env, 'THROTTLE_LOGIN_ANY_ADDRESS_FAILURES'),
      windowSeconds: integerSetting(env, 'THROTTLE_WINDOW_SECONDS'),
      // Every POST /login, before anything is stored for it: a school's NAT signing in at 8:00 fits.
      postsPerAddress: integerSetting(env, 'THROTTLE_ADDRESS_POSTS'),
      postsWindowSeconds: integerSetting(env, 'THROTTLE_ADDRESS_POSTS_WINDOW_SECONDS')
    },
    importMaxBytes: integerSetting(env, 'IMPORT_MAX_BYTES'),
    pronotePartner: pronotePartner(env, production),
    dataDir: stringSetting(env, 'DATA_DIR') as string,
    admins: rawSetting(env, 'ADMINS_FILE') === undefined ? undefined : loadAdmins(rawSetting(env, 'ADMINS_FILE') as string),
    ...admin,
    logLevel,
    production,
    ...demoSettings(env),
    ...readinessSettings(env)
  }
}
