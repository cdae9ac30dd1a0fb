import { ConfigError } from '../errors/ConfigError.js'

/**
 * The PRONOTE preset: from the base URL of a PRONOTE server alone (`https://0340000x.index-education.net/pronote/`),
 * the service pattern that covers all its spaces (`…/pronote/**`). The URL must be https (tickets
 * travel in it) and carry no query, fragment or credentials.
 */
export function pronotePattern (pronoteUrl: unknown, where: string): string {
  if (typeof pronoteUrl !== 'string') throw new ConfigError(`${where}: URL de PRONOTE attendue (ex. https://0340000x.index-education.net/pronote/)`)
  let url: URL
  try { url = new URL(pronoteUrl) } catch { throw new ConfigError(`${where}: "${pronoteUrl}" n'est pas une URL (attendu : https://0340000x.index-education.net/pronote/)`) }
  if (url.protocol !== 'https:') throw new ConfigError(`${where}: PRONOTE doit être en https`)
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '' || /[*?]/.test(url.pathname)) {
    throw new ConfigError(`${where}: l'URL de PRONOTE ne prend ni paramètres, ni fragment, ni identifiants, ni joker`)
  }
  // The base URL may be given with a space (…/pronote/eleve.html) or without the trailing slash.
  const path = url.pathname.replace(/\/(?:mobile\.)?[a-z]+\.html$/i, '/').replace(/\/+$/, '')
  if (!/\/pronote$/i.test(path)) throw new ConfigError(`${where}: l'URL de PRONOTE se termine par /pronote/ (reçu ${url.pathname})`)
  return `${url.origin}${path}/**`
}
