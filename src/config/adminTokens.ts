import { ConfigError } from '../errors/ConfigError.js'
import type { Config } from './Config.js'
import { type Env, rawSetting, stringSetting } from './readSetting.js'

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
export function adminTokens (env: Env, casSecrets: string[]): Pick<Config, 'adminJwtSecret' | 'adminJwksUrl' | 'adminJwtAudience' | 'adminJwtIssuer'> {
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
