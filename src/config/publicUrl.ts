import { ConfigError } from '../errors/ConfigError.js'
import { type Env, HAS_SCHEME, stringSetting } from './readSetting.js'

/** PUBLIC_URL: the origin and base path people reach Sésame at, and whether it is https. */
export function publicUrl (env: Env): { publicUrl: string, basePath: string, secure: boolean } {
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
