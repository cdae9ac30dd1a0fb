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
