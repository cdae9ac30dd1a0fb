import { isIdpn, isUai } from '../../pronote/identifiers.js'
import type { ImportMode } from '../../pronote/ImportReport.js'
import type { PronoteCategory } from '../../pronote/LinkStore.js'
import { AdminError } from './AdminError.js'

/** The :uai of a route, upper case; 400 unless 7 digits and a letter. */
export function uaiParam (raw: string): string {
  if (!isUai(raw)) throw new AdminError(400, 'UAI_INVALID', `UAI « ${raw.slice(0, 20)} » invalide : 7 chiffres et une lettre attendus (ex. 0340000X)`)
  return raw.toUpperCase()
}

export function idpnParam (raw: string): string {
  if (!isIdpn(raw)) throw new AdminError(400, 'IDPN_INVALID', `IDPN « ${raw.slice(0, 70)} » invalide`)
  return raw
}

export function modeParam (raw: unknown): ImportMode {
  if (raw === 'full' || raw === 'partial') return raw
  throw new AdminError(400, 'MODE_INVALID', raw === undefined ? 'Paramètre mode manquant : full ou partial' : 'Paramètre mode invalide : full ou partial attendu')
}

function flagParam (raw: unknown, name: string, code: string): boolean {
  if (raw === undefined || raw === 'false' || raw === '0') return false
  if (raw === 'true' || raw === '1' || raw === '') return true
  throw new AdminError(400, code, `Paramètre ${name} invalide : true ou false attendu`)
}

export const dryRunParam = (raw: unknown): boolean => flagParam(raw, 'dryRun', 'DRY_RUN_INVALID')

/** force=true: a full import goes ahead although it removes more links than the limit. */
export const forceParam = (raw: unknown): boolean => flagParam(raw, 'force', 'FORCE_INVALID')

/** The body of PUT …/links/:idpn: `{ uid, category, move? }`. */
export function linkBody (body: unknown): { uid: string, category: PronoteCategory, move: boolean } {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  if (typeof b.uid !== 'string' || b.uid.trim() === '' || b.uid.length > 256) throw new AdminError(400, 'UID_INVALID', 'Champ uid manquant ou invalide')
  if (b.category !== 1 && b.category !== 2 && b.category !== 3 && b.category !== 4) {
    throw new AdminError(400, 'CATEGORY_INVALID', 'Champ category invalide : 1 (élève), 2 (responsable), 3 (professeur) ou 4 (personnel)')
  }
  if (b.move !== undefined && typeof b.move !== 'boolean') throw new AdminError(400, 'MOVE_INVALID', 'Champ move invalide : true ou false attendu')
  return { uid: b.uid.trim(), category: b.category, move: b.move === true }
}
