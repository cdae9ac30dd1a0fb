import { isUai } from '../../pronote/identifiers.js'
import type { SchemaFailure } from '../schemaFailure.js'
import { AdminError } from './AdminError.js'

/** The :uai of a route, upper case; 400 unless 7 digits and a letter. */
export function uaiParam (raw: string): string {
  if (!isUai(raw)) throw uaiInvalid(raw)
  return raw.toUpperCase()
}

function uaiInvalid (raw: unknown): AdminError {
  return new AdminError(400, 'UAI_INVALID', `UAI « ${String(raw).slice(0, 20)} » invalide : 7 chiffres et une lettre attendus (ex. 0340000X)`)
}

/** A query flag as adminSchemas.ts lets it through: true, 1 or empty say yes. */
export function flagParam (raw: string | undefined): boolean {
  return raw === 'true' || raw === '1' || raw === ''
}

const flagInvalid = (name: string, code: string) => () => new AdminError(400, code, `Paramètre ${name} invalide : true ou false attendu`)

/** The answer to a schema refusal, by the field it names: each field has its code and its French message. */
const REFUSALS: Record<string, (raw: unknown, missing: boolean) => AdminError> = {
  uai: uaiInvalid,
  idpn: (raw) => new AdminError(400, 'IDPN_INVALID', `IDPN « ${String(raw).slice(0, 70)} » invalide`),
  mode: (_raw, missing) => new AdminError(400, 'MODE_INVALID', missing ? 'Paramètre mode manquant : full ou partial' : 'Paramètre mode invalide : full ou partial attendu'),
  dryRun: flagInvalid('dryRun', 'DRY_RUN_INVALID'),
  force: flagInvalid('force', 'FORCE_INVALID'),
  uid: () => new AdminError(400, 'UID_INVALID', 'Champ uid manquant ou invalide'),
  category: () => new AdminError(400, 'CATEGORY_INVALID', 'Champ category invalide : 1 (élève), 2 (responsable), 3 (professeur) ou 4 (personnel)'),
  move: () => new AdminError(400, 'MOVE_INVALID', 'Champ move invalide : true ou false attendu')
}

const PART = { params: 'Paramètre de chemin', querystring: 'Paramètre', body: 'Champ', headers: 'En-tête' } as const

/** The AdminError a route schema's refusal stands for. */
export function schemaRefusal (failure: SchemaFailure): AdminError {
  const { part, field, missing, given } = failure
  const refusal = field === undefined ? undefined : REFUSALS[field]
  if (refusal !== undefined) return refusal(given, missing)
  if (field === undefined) return new AdminError(400, 'bad_request', part === 'body' ? 'Requête invalide : corps JSON (objet) attendu' : 'Requête invalide')
  return new AdminError(400, 'bad_request', `Requête invalide : ${PART[part]} ${field} ${missing ? 'manquant' : 'invalide'}`)
}
