import { readFileSync, realpathSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Directory } from '../directory/Directory.js'
import { FileDirectory } from '../directory/FileDirectory.js'
import { ConfigError } from '../errors/ConfigError.js'
import type { ServiceRegistry } from '../services/ServiceRegistry.js'
import type { Config } from './Config.js'

// The files Sésame ships, found from this module (src/config or dist/config), not from the working
// directory: a start from elsewhere, or a path spelt differently, still points at the same files.
const APP_ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const DEMO_USERS_FILE = resolve(APP_ROOT, 'config/demo-users.json')
export const DEMO_SERVICES_FILE = resolve(APP_ROOT, 'config/services.json')
export const DEMO_PARTNER_KEY_FILE = resolve(APP_ROOT, 'config/demo/pronote-partenaire-demo.key.pem')

/** Local addresses a demo registry lets in; no production service lives there. */
const LOCAL_PROBES = ['http://localhost/', 'http://localhost:3000/', 'http://127.0.0.1/', 'http://127.0.0.1:8080/']

/** Both paths name the same file (symlinks and relative spellings resolved). */
function sameFile (a: string, b: string): boolean {
  try { return realpathSync(a) === realpathSync(b) } catch { return resolve(a) === resolve(b) }
}

function sameBytes (a: string, b: string): boolean {
  try { return readFileSync(a).equals(readFileSync(b)) } catch { return false }
}

export interface DemoCheck {
  config: Config
  directories: readonly Directory[]
  registry: ServiceRegistry
  env: Record<string, string | undefined>
}

/**
 * The demo material this start would use, in French, one item each. Found two ways, so that a
 * copy cannot slip through: by resolved path (the shipped files) and by content — the `"demo": true`
 * marker on the demo users and services (kept by a copy of the file), a service that lets
 * http://localhost in, and for the partner key, the demo key's own bytes.
 */
export function findDemoMaterial ({ config, directories, registry, env }: DemoCheck): string[] {
  const found: string[] = []
  for (const d of directories) {
    if (d instanceof FileDirectory && (d.demo || sameFile(d.path, DEMO_USERS_FILE))) {
      found.push(`annuaire "${d.id}" = comptes de démonstration (${d.path}, mot de passe « demo »)`)
    }
  }
  const demoServices = registry.all().filter((s) => s.demo === true).map((s) => s.id)
  if (sameFile(config.servicesFile, DEMO_SERVICES_FILE) || demoServices.length > 0) {
    found.push(`services de démonstration (${config.servicesFile}${demoServices.length > 0 ? ` : ${demoServices.join(', ')}` : ''})`)
  }
  const local = [...new Set(LOCAL_PROBES.map((url) => registry.match(url)?.service.id).filter((id) => id !== undefined))]
  if (local.length > 0) found.push(`service ouvert à http://localhost (${local.join(', ')})`)
  const partnerKey = env.PRONOTE_PARTNER_KEY_FILE?.trim() || undefined
  // Unset, the partner key defaults to the demo one (when the demo key is shipped).
  const keyFile = partnerKey ?? DEMO_PARTNER_KEY_FILE
  if (sameBytes(keyFile, DEMO_PARTNER_KEY_FILE)) found.push(`clé partenaire PRONOTE de démonstration (${partnerKey ?? 'PRONOTE_PARTNER_KEY_FILE non défini'})`)
  if (config.casSecretGenerated) found.push('CAS_SECRET non défini (secret généré au démarrage)')
  return found
}

/**
 * An https PUBLIC_URL or NODE_ENV=production means real people: starting there with the demo
 * accounts (password "demo"), the demo services or a generated secret is refused, in one line,
 * unless SESAME_DEMO=1 says it is a demonstration.
 */
export function refuseDemoMaterial (check: DemoCheck): void {
  const { config } = check
  if (config.demo || (!config.secure && !config.production)) return
  const found = findDemoMaterial(check)
  if (found.length === 0) return
  const why = config.production ? 'NODE_ENV=production' : 'PUBLIC_URL en https'
  throw new ConfigError(`${why} sur du matériel de démonstration : ${found.join(' ; ')} — fournissez vos propres fichiers, ou SESAME_DEMO=1 s'il s'agit d'une démonstration`)
}
