import { ConfigError } from '../errors/ConfigError.js'
import { adminTokens } from './adminTokens.js'
import { casSecrets } from './casSecrets.js'
import type { Config } from './Config.js'
import { loadAdmins } from './loadAdmins.js'
import { pronotePartner } from './pronotePartner.js'
import { proxyCa } from './proxyCa.js'
import { publicUrl } from './publicUrl.js'
import { enumSetting, type Env, integerSetting, rawSetting, stringSetting } from './readSetting.js'
import { redisConfig, redisSecurity } from './redisSettings.js'
import { trustProxy } from './trustProxy.js'

export { DEMO_PARTNER } from './settings.js'

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
  const secrets = casSecrets(env, production)
  const admin = adminTokens(env, secrets.casSecrets)
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
    ...secrets,
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
