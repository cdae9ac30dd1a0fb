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
  /** Which proxies' X-Forwarded-For to believe: false (none), a hop count, or addresses/CIDRs. */
  trustProxy: boolean | number | string[]
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
  /** Brute-force throttling of sign-in: failures allowed per address and login, per address, and the window. */
  throttle: { perLogin: number, perAddress: number, windowSeconds: number }
  /** Size limit of a PRONOTE export, for the command line and the admin API. */
  importMaxBytes: number
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
}

export type RedisConfig =
  | { kind: 'url', url: string }
  | { kind: 'sentinel', sentinels: Array<{ host: string, port: number }>, name: string }
  | { kind: 'cluster', nodes: Array<{ host: string, port: number }> }
