import type { KeyObject } from 'node:crypto'
import type { Admins } from './loadAdmins.js'

/** Everything Sésame reads from its environment, validated (see loadEnv and .env.example). */
export interface Config {
  port: number
  host: string
  /** External base URL without a trailing slash, e.g. https://cas.example.fr/cas */
  publicUrl: string
  /** PUBLIC_URL's path with no trailing slash: '' at the root, '/cas' below it. */
  basePath: string
  /** Whether PUBLIC_URL is https: decides the Secure flag of cookies and HSTS. */
  secure: boolean
  redis: RedisConfig | undefined
  /** Credentials and TLS for Redis (REDIS_USERNAME, REDIS_PASSWORD, REDIS_SENTINEL_*, REDIS_TLS*). */
  redisSecurity: RedisSecurity
  /** Which proxies' X-Forwarded-For to believe: false (none), a hop count, or addresses/CIDRs (never `true`). */
  trustProxy: false | number | string[]
  servicesFile: string
  directoriesFile: string
  /** Secrets for signed tokens: the first signs, all verify (rotation). */
  casSecrets: string[]
  casSecretGenerated: boolean
  stTtlSeconds: number
  tgtTtlSeconds: number
  tgtIdleSeconds: number
  rememberMeTtlSeconds: number
  loginTokenTtlSeconds: number
  /** Lifetime of a proxy-granting ticket; it also dies with its session. */
  pgtTtlSeconds: number
  /** PROXY_CA_FILE: its path and its PEM certificates, trusted for pgtUrl callbacks besides the usual CAs. */
  proxyCaFile: string | undefined
  proxyCa: string | undefined
  /** How long a pgtUrl callback may take before it counts as failed. */
  proxyCallbackTimeoutMs: number
  /** How long one back-channel logout request may take. */
  sloTimeoutMs: number
  /** Service tickets one session may be given within a minute (SESSION_TICKETS_PER_MINUTE). */
  sessionTicketsPerMinute: number
  /**
   * Brute-force throttling of sign-in: failures allowed per address and login, per address, per
   * login whatever the address, and their window; then the POST /login allowed per address and
   * their own window.
   */
  throttle: { perLogin: number, perAddress: number, perLoginAnyAddress: number, windowSeconds: number, postsPerAddress: number, postsWindowSeconds: number }
  /** Size limit of a PRONOTE export, for the command line and the admin API. */
  importMaxBytes: number
  /** Opens PRONOTE exports encrypted for our ENT partner name; unset: only plain exports read. */
  pronotePartner: PronotePartner | undefined
  dataDir: string
  adminJwtSecret: string | undefined
  adminJwksUrl: string | undefined
  /** ADMINS_FILE, read at start-up: who may use the admin console; undefined: the console is off. */
  admins: Admins | undefined
  /** The `aud` admin tokens must carry (ADMIN_JWT_AUDIENCE, default sesame-admin). */
  adminJwtAudience: string
  /** The `iss` admin tokens must carry, when set (ADMIN_JWT_ISSUER). */
  adminJwtIssuer: string | undefined
  logLevel: string
  production: boolean
  /** READY_REQUIRES: what must answer for /ready to say 200 (redis, any-directory, all-directories, directory ids). */
  readyRequires: string[]
  /** SESAME_DEMO=1: an https or production start may run on demo material. */
  demo: boolean
}

export type RedisConfig =
  | { kind: 'url', url: string }
  | { kind: 'sentinel', sentinels: Array<{ host: string, port: number }>, name: string }
  | { kind: 'cluster', nodes: Array<{ host: string, port: number }> }

/** PRONOTE_PARTNER_NAME and the key of PRONOTE_PARTNER_KEY_FILE, or the demo partner outside production. */
export interface PronotePartner {
  /** The PARTENAIRE NOM PRONOTE encrypts for. */
  name: string
  /** RSA private key (from PEM, PKCS#8 or PKCS#1). */
  privateKey: KeyObject
  keyFile: string
  /** True when neither variable is set and the demo partner (config/demo/) stands in. */
  demo: boolean
}

/** How Sésame proves who it is to Redis, and how it checks Redis's certificate. */
export interface RedisSecurity {
  /** ACL user and password of the data nodes (standalone, Sentinel's master and replicas, Cluster nodes). */
  username: string | undefined
  password: string | undefined
  /** The Sentinels' own ACL user and password (requirepass / ACL on the Sentinel processes). */
  sentinelUsername: string | undefined
  sentinelPassword: string | undefined
  /** undefined: plain TCP. Otherwise TLS, with these PEM contents (read at start-up) and the files they came from. */
  tls: RedisTls | undefined
}

export interface RedisTls {
  /** CA certificates that vouch for Redis's certificate; undefined: the system's CAs. */
  ca: string | undefined
  caFile: string | undefined
  /** Client certificate and key, for a Redis with tls-auth-clients. */
  cert: string | undefined
  certFile: string | undefined
  key: string | undefined
  keyFile: string | undefined
}
