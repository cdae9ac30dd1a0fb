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
  /**
   * Brute-force throttling of sign-in: failures allowed per address and login, per address, per
   * login whatever the address, and their window; then the POST /login allowed per address and
   * their own window.
   */
  throttle: { perLogin: number, perAddress: number, perLoginAnyAddress: number, windowSeconds: number, postsPerAddress: number, postsWindowSeconds: number }
  /** Size limit of a PRONOTE export, for the command line and the admin API. */
  importMaxBytes: number
  dataDir: string
  adminJwtSecret: string | undefined
  adminJwksUrl: string | undefined
  logLevel: string
  production: boolean
}

export type RedisConfig =
  | { kind: 'url', url: string }
  | { kind: 'sentinel', sentinels: Array<{ host: string, port: number }>, name: string }
  | { kind: 'cluster', nodes: Array<{ host: string, port: number }> }
