/**
 * Every environment variable Sésame reads, in the order the README lists them: its kind (what
 * start-up accepts), its default, and one line saying what it is for. loadEnv reads the simple
 * ones through readSetting.ts (so their defaults, ranges and messages come from here), and the
 * README's Settings table is rendered from this list (renderSettingsTable.ts). Rules that tie
 * several variables together, or read files, stay code, one small file each (redisSettings.ts,
 * publicUrl.ts, casSecrets.ts, adminTokens.ts, trustProxy.ts, proxyCa.ts, pronotePartner.ts),
 * called by loadEnv.ts in a fixed order so that the first bad variable is the one reported.
 */
export type SettingKind =
  | { readonly type: 'integer', readonly min: number, readonly max: number }
  /** Trimmed text; blank is unset. */
  | { readonly type: 'string' }
  /** Kept as written (spaces included); only the empty string is unset. */
  | { readonly type: 'secret' }
  /** One of the values; `expected` is how the error message lists them, when not simply joined. */
  | { readonly type: 'enum', readonly values: readonly string[], readonly expected?: string }
  | { readonly type: 'url', readonly schemes: readonly string[] }
  | { readonly type: 'file' }
  /** Comma-separated items, each as `item` says. */
  | { readonly type: 'list', readonly item: string }

export interface Setting {
  readonly name: string
  readonly kind: SettingKind
  /** The value used when the variable is unset or blank; none: unset means unset. */
  readonly default?: string | number
  /** What the README shows as the default, when the value alone would not say it. */
  readonly defaultText?: string
  /** One line, as the README's Settings table shows it. */
  readonly meaning: string
}

/**
 * Demo material: the partner PRONOTE_PARTNER_NAME and PRONOTE_PARTNER_KEY_FILE default to when
 * both are unset outside production, so that the encrypted demo sample imports out of the box.
 * Its private key is public (it ships in the repository): never for real exports.
 */
export const DEMO_PARTNER = { name: 'SESAME-DEMO', keyFile: 'config/demo/pronote-partenaire-demo.key.pem' } as const

const SECONDS_A_YEAR = 31_536_000

export const SETTINGS = [
  { name: 'PORT', kind: { type: 'integer', min: 0, max: 65535 }, default: 8080, meaning: 'listen port' },
  { name: 'HOST', kind: { type: 'string' }, default: '0.0.0.0', meaning: 'listen address' },
  { name: 'PUBLIC_URL', kind: { type: 'url', schemes: ['http', 'https'] }, default: 'http://localhost:8080', meaning: 'external base URL; routes live under its path; https makes the cookie `Secure` and adds HSTS' },
  { name: 'NODE_ENV', kind: { type: 'string' }, meaning: '`production`: `CAS_SECRET` is required, no demo partner, and demo material stops the start (below)' },
  { name: 'REDIS_URL', kind: { type: 'url', schemes: ['redis', 'rediss'] }, meaning: 'unset: embedded in-memory stores (one process, a warning at start); `redis://` or `rediss://`: Redis' },
  { name: 'REDIS_SENTINELS', kind: { type: 'list', item: '`host:port`' }, meaning: 'Sentinel instead of `REDIS_URL`' },
  { name: 'REDIS_SENTINEL_NAME', kind: { type: 'string' }, default: 'mymaster', meaning: 'the master name the Sentinels watch' },
  { name: 'REDIS_CLUSTER_NODES', kind: { type: 'list', item: '`host:port`' }, meaning: 'Cluster instead of `REDIS_URL`' },
  { name: 'REDIS_USERNAME', kind: { type: 'string' }, meaning: 'ACL user of the Redis data nodes (standalone, Sentinel\'s master and replicas, Cluster nodes); credentials written in `REDIS_URL` still work, but not both' },
  { name: 'REDIS_PASSWORD', kind: { type: 'secret' }, meaning: 'password of the Redis data nodes; required with `REDIS_USERNAME`' },
  { name: 'REDIS_SENTINEL_USERNAME', kind: { type: 'string' }, meaning: 'the Sentinels\' own user (ACL on the Sentinel processes)' },
  { name: 'REDIS_SENTINEL_PASSWORD', kind: { type: 'secret' }, meaning: 'the Sentinels\' own password (`requirepass` or ACL)' },
  { name: 'REDIS_TLS', kind: { type: 'enum', values: ['true', 'false'], expected: 'true ou false' }, defaultText: '`false`', meaning: '`true`: TLS to Sentinel or Cluster (and to `REDIS_URL`; `rediss://` implies it)' },
  { name: 'REDIS_TLS_CA_FILE', kind: { type: 'file' }, defaultText: 'system CAs', meaning: 'PEM file, read and checked at start-up: the CA of Redis\'s certificate' },
  { name: 'REDIS_TLS_CERT_FILE', kind: { type: 'file' }, meaning: 'PEM client certificate for a Redis with `tls-auth-clients` (Sentinels included); with `REDIS_TLS_KEY_FILE`' },
  { name: 'REDIS_TLS_KEY_FILE', kind: { type: 'file' }, meaning: 'PEM private key of that client certificate' },
  { name: 'READY_REQUIRES', kind: { type: 'list', item: '`redis`, `any-directory`, `all-directories` or a directory id' }, default: 'redis,any-directory', meaning: 'what must answer for `/ready` to say 200' },
  { name: 'SERVICES_FILE', kind: { type: 'file' }, default: 'config/services.json', meaning: 'service registry; `kill -HUP <pid>` reloads it (a broken file keeps the previous registry and logs why)' },
  { name: 'DIRECTORIES_FILE', kind: { type: 'file' }, default: 'config/directories.json', meaning: 'directories, one choice each on the login page' },
  { name: 'CAS_SECRET', kind: { type: 'list', item: 'secret of 32+ characters' }, defaultText: 'generated, with a warning', meaning: 'key for the signed login form token; a list rotates secrets (the first signs, all verify); required when `NODE_ENV=production`; all nodes share it' },
  { name: 'ST_TTL_SECONDS', kind: { type: 'integer', min: 1, max: 300 }, default: 10, meaning: 'lifetime of service tickets' },
  { name: 'TGT_TTL_SECONDS', kind: { type: 'integer', min: 60, max: SECONDS_A_YEAR }, default: 28800, meaning: 'absolute lifetime of a session' },
  { name: 'TGT_IDLE_SECONDS', kind: { type: 'integer', min: 60, max: SECONDS_A_YEAR }, default: 7200, meaning: 'idle lifetime of a session; at most `TGT_TTL_SECONDS`' },
  { name: 'REMEMBER_ME_TTL_SECONDS', kind: { type: 'integer', min: 60, max: SECONDS_A_YEAR }, default: 1_209_600, defaultText: '`1209600` (14 days)', meaning: 'session and cookie lifetime when "Se souvenir de moi" is ticked' },
  { name: 'LOGIN_FORM_TTL_SECONDS', kind: { type: 'integer', min: 30, max: 86_400 }, default: 900, meaning: 'how long a login form may stay open' },
  { name: 'DATA_DIR', kind: { type: 'file' }, default: 'data', meaning: 'embedded mode only: where the PRONOTE links (`pronote-links.json`) and the console\'s services (`console-services.json`) live' },
  { name: 'ADMINS_FILE', kind: { type: 'file' }, meaning: 'who may use the admin console at `/admin/`, and for which establishments (see "Console d\'administration"); unset: the console is off' },
  { name: 'ADMIN_JWT_SECRET', kind: { type: 'string' }, meaning: 'admin API HS256 secret: 32+ bytes, never one of `CAS_SECRET`\'s; with neither it nor `ADMIN_JWKS_URL`, the admin API is off' },
  { name: 'ADMIN_JWKS_URL', kind: { type: 'url', schemes: ['https', 'http'] }, meaning: 'admin API key set: https (http only to localhost, 127.0.0.0/8, ::1)' },
  { name: 'ADMIN_JWT_AUDIENCE', kind: { type: 'string' }, default: 'sesame-admin', meaning: 'the `aud` every admin token must carry' },
  { name: 'ADMIN_JWT_ISSUER', kind: { type: 'string' }, meaning: 'the `iss` every admin token must carry, when set' },
  { name: 'LOG_LEVEL', kind: { type: 'enum', values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] }, default: 'info', meaning: 'pino level' },
  { name: 'SESAME_DEMO', kind: { type: 'enum', values: ['1', 'true', '0', 'false'], expected: '1 pour une démonstration, ou rien' }, meaning: '`1`: allow an https or production start on demo material; without it such a start stops with one line listing it (below)' },
  { name: 'TRUST_PROXY', kind: { type: 'list', item: 'address, CIDR, `loopback`, `linklocal` or `uniquelocal`; or a hop count' }, meaning: 'proxies whose `X-Forwarded-For` is believed (`1`, or `10.0.0.0/8,loopback`); the client is the right-most address they did not add. `true` is refused at start' },
  { name: 'THROTTLE_LOGIN_FAILURES', kind: { type: 'integer', min: 1, max: 1000 }, default: 5, meaning: 'brute-force throttling: failures per address and login within `THROTTLE_WINDOW_SECONDS` (see Security)' },
  { name: 'THROTTLE_ADDRESS_FAILURES', kind: { type: 'integer', min: 1, max: 1_000_000 }, default: 300, meaning: 'failures per address within `THROTTLE_WINDOW_SECONDS`' },
  { name: 'THROTTLE_LOGIN_ANY_ADDRESS_FAILURES', kind: { type: 'integer', min: 1, max: 100_000 }, default: 20, meaning: 'failures per login whatever the address, within `THROTTLE_WINDOW_SECONDS`' },
  { name: 'THROTTLE_WINDOW_SECONDS', kind: { type: 'integer', min: 1, max: 86_400 }, default: 900, meaning: 'the window failures are counted in' },
  { name: 'THROTTLE_ADDRESS_POSTS', kind: { type: 'integer', min: 1, max: 1_000_000 }, default: 300, meaning: '`POST /login` allowed per address within `THROTTLE_ADDRESS_POSTS_WINDOW_SECONDS`, whatever the post holds (429 beyond)' },
  { name: 'THROTTLE_ADDRESS_POSTS_WINDOW_SECONDS', kind: { type: 'integer', min: 1, max: 86_400 }, default: 60, meaning: 'the window those posts are counted in' },
  { name: 'PGT_TTL_SECONDS', kind: { type: 'integer', min: 60, max: SECONDS_A_YEAR }, default: 7200, meaning: 'lifetime of proxy-granting tickets' },
  { name: 'PROXY_CA_FILE', kind: { type: 'file' }, meaning: 'extra CA (PEM) trusted for `pgtUrl` callback certificates' },
  { name: 'PROXY_CALLBACK_TIMEOUT_MS', kind: { type: 'integer', min: 100, max: 60_000 }, default: 5000, meaning: 'timeout of each `pgtUrl` callback' },
  { name: 'SLO_TIMEOUT_MS', kind: { type: 'integer', min: 100, max: 60_000 }, default: 5000, meaning: 'timeout of each back-channel logout request' },
  { name: 'SESSION_TICKETS_PER_MINUTE', kind: { type: 'integer', min: 1, max: 100_000 }, default: 60, meaning: 'service tickets one session may be given within a minute (see Security)' },
  { name: 'IMPORT_MAX_BYTES', kind: { type: 'integer', min: 1, max: 2 ** 32 }, default: 50 * 1024 * 1024, meaning: 'size limit of a PRONOTE export' },
  { name: 'PRONOTE_PARTNER_NAME', kind: { type: 'string' }, defaultText: `unset (outside production: the demo partner \`${DEMO_PARTNER.name}\`)`, meaning: 'the ENT partner name PRONOTE encrypts exports for; set it and `PRONOTE_PARTNER_KEY_FILE` both or neither' },
  { name: 'PRONOTE_PARTNER_KEY_FILE', kind: { type: 'file' }, defaultText: `unset (outside production: \`${DEMO_PARTNER.keyFile}\`)`, meaning: 'that partner\'s RSA private key (PEM, PKCS#8 or PKCS#1, no passphrase)' }
] as const satisfies readonly Setting[]

export type SettingName = typeof SETTINGS[number]['name']

const BY_NAME = new Map<string, Setting>(SETTINGS.map((s) => [s.name, s]))

/** The schema entry of a variable; names are checked by the compiler, so a miss is a bug here. */
export function settingOf (name: SettingName): Setting {
  return BY_NAME.get(name) as Setting
}
