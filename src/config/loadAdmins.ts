import { readFileSync } from 'node:fs'
import { parseAdminScope, type AdminScope } from '../admin/AdminScope.js'
import { ConfigError } from '../errors/ConfigError.js'
import { adminsFileSchema } from './adminsFileSchema.js'
import { compileConfigSchema } from './jsonSchema/compileConfigSchema.js'
import { parseJsonFile } from './parseJsonFile.js'

/** Who may use the admin console: uid → the establishments they administer. */
export type Admins = ReadonlyMap<string, AdminScope>

const checkAdminsFile = compileConfigSchema(adminsFileSchema, { entriesBy: 'uid' })

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
  const source = `ADMINS_FILE: ${path}`
  const entries = checkAdminsFile(parseJsonFile(text, source), source)
  const admins = new Map<string, AdminScope>()
  entries.forEach((entry, i) => {
    if (admins.has(entry.uid)) throw new ConfigError(`${source}[${i}].uid: "${entry.uid}" en double`)
    // The schema has checked the scope; parseAdminScope upper-cases the UAIs, as for API tokens.
    admins.set(entry.uid, parseAdminScope(entry.establishments))
  })
  return admins
}
