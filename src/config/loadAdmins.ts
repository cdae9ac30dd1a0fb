import { readFileSync } from 'node:fs'
import { InvalidAdminScope, parseAdminScope, type AdminScope } from '../admin/AdminScope.js'
import { ConfigError } from '../errors/ConfigError.js'
import { parseJsonFile } from './parseJsonFile.js'

/** Who may use the admin console: uid → the establishments they administer. */
export type Admins = ReadonlyMap<string, AdminScope>

/**
 * Reads ADMINS_FILE, a JSON array such as
 * `[{ "uid": "claire.moreau", "establishments": ["0340000X"] }, { "uid": "ops", "establishments": "*" }]`.
 * Read at start-up, so that a typo stops the start rather than locking every admin out.
 */
export function loadAdmins (path: string): Admins {
  let text: string
  try { text = readFileSync(path, 'utf8') } catch (err) {
    throw new ConfigError(`ADMINS_FILE: ${path} illisible (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
  }
  const data = parseJsonFile(text, `ADMINS_FILE: ${path}`)
  if (!Array.isArray(data)) throw new ConfigError(`ADMINS_FILE: ${path}: un tableau d'administrateurs est attendu`)
  const admins = new Map<string, AdminScope>()
  data.forEach((raw, i) => {
    const where = `ADMINS_FILE: ${path}[${i}]`
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(`${where}: objet attendu`)
    const entry = raw as Record<string, unknown>
    for (const key of Object.keys(entry)) if (key !== 'uid' && key !== 'establishments') throw new ConfigError(`${where}.${key}: clé inconnue`)
    if (typeof entry.uid !== 'string' || entry.uid.trim() === '') throw new ConfigError(`${where}.uid: identifiant obligatoire`)
    let scope: AdminScope
    try { scope = parseAdminScope(entry.establishments) } catch (err) {
      if (!(err instanceof InvalidAdminScope)) throw err
      throw new ConfigError(`${where}.establishments: "*" ou une liste non vide d'UAI (ex. ["0340000X"]) attendu`)
    }
    if (admins.has(entry.uid)) throw new ConfigError(`${where}.uid: "${entry.uid}" en double`)
    admins.set(entry.uid, scope)
  })
  return admins
}
