import type { FastifySchema } from 'fastify'
import { IDPN_PATTERN, UAI_PATTERN } from '../pronote/identifiers.js'
import { PARAM, paramFields, READS_NOTHING } from '../routes/params.js'
import type { SchemaFailure } from '../routes/schemaFailure.js'
import { formExpired } from './checkCsrf.js'
import { ConsoleError } from './ConsoleError.js'

/*
 * The schemas of the console's routes, compiled by Fastify. Path parameters are checked here; the
 * fields of queries and forms are declared as text read with param() (which refuses a repeated
 * one), because a wrong value there is the form's business: it is shown again, with what was
 * typed and a message next to the field, which a schema refusal could not do.
 */

type Properties = Record<string, object>

const params = (properties: Properties): FastifySchema['params'] =>
  ({ type: 'object', required: Object.keys(properties), properties })

const UAI = { type: 'string', pattern: UAI_PATTERN }
const IDPN = { type: 'string', pattern: IDPN_PATTERN }
// Ids are made by the console (drafts) or services.json (services); a bound keeps pages and logs short.
const ID = { type: 'string', minLength: 1, maxLength: 200 }

/** A form: the console's CSRF token and the named fields; a POST without a form is one from elsewhere. */
const form = (...names: string[]): FastifySchema['body'] => paramFields('csrf', ...names)

export { READS_NOTHING }

export const CALLBACK_SCHEMA: FastifySchema = { querystring: paramFields('ticket', 'next', 'renew') }

const ESTABLISHMENT = params({ uai: UAI })
export const ESTABLISHMENT_SCHEMA: FastifySchema = { params: ESTABLISHMENT }

// The links page reads its filter from the query, after a form too (the form's URL has none).
const LINKS_FILTER = paramFields('q', 'categorie', 'origine')
export const LINKS_SCHEMA: FastifySchema = { params: ESTABLISHMENT, querystring: LINKS_FILTER }
export const LINK_FORM_SCHEMA: FastifySchema = { params: ESTABLISHMENT, querystring: LINKS_FILTER, body: form('idpn', 'uid', 'categorie', 'deplacer') }
export const UNLINK_SCHEMA: FastifySchema = { params: params({ uai: UAI, idpn: IDPN }), querystring: LINKS_FILTER, body: form() }

export const NEW_SERVICE_SCHEMA: FastifySchema = { querystring: paramFields('type') }
const SERVICE_FIELDS = ['type', 'name', 'uai', 'group', 'description', 'singleLogout', 'pronoteUrl', 'serviceId', 'attributeRelease', 'launchUrl', 'callbackPattern']
// access: the profiles' checkboxes, one value each (Fastify makes a single one a list of one).
const SERVICE_FORM = { type: 'object', properties: { csrf: PARAM, access: { type: 'array', items: { type: 'string' } }, ...Object.fromEntries(SERVICE_FIELDS.map((name) => [name, PARAM])) } }
export const SERVICE_CREATE_SCHEMA: FastifySchema = { body: SERVICE_FORM }
const SERVICE = params({ id: ID })
export const SERVICE_SCHEMA: FastifySchema = { params: SERVICE }
export const SERVICE_UPDATE_SCHEMA: FastifySchema = { params: SERVICE, body: SERVICE_FORM }
export const SERVICE_DELETE_SCHEMA: FastifySchema = { params: SERVICE, body: form() }

/** The upload is multipart, read part by part by @fastify/multipart: only its path has a schema. */
export const UPLOAD_SCHEMA: FastifySchema = { params: ESTABLISHMENT }
const DRAFT = { id: ID }
export const STEP_SCHEMA: FastifySchema = { params: params({ ...DRAFT, step: { type: 'integer', minimum: 1, maximum: 6 } }) }
export const ENTRY_SCHEMA: FastifySchema = { params: params({ ...DRAFT, idpn: IDPN }), querystring: paramFields('q') }
export const ENTRY_CHOICE_SCHEMA: FastifySchema = { params: params({ ...DRAFT, idpn: IDPN }), body: form('uid') }
export const ABANDON_SCHEMA: FastifySchema = { params: params(DRAFT), body: form() }
export const COMMIT_SCHEMA: FastifySchema = { params: params(DRAFT), body: form('confirmerSuppressions') }
export const COMMIT_PAGE_SCHEMA: FastifySchema = { params: params(DRAFT), querystring: paramFields('suppressions') }
export const HISTORY_SCHEMA: FastifySchema = { params: ESTABLISHMENT, querystring: paramFields('annule', 'annulation') }
export const UNDO_SCHEMA: FastifySchema = { params: ESTABLISHMENT, body: form() }
const RECORD = params({ uai: UAI, n: { type: 'integer', minimum: 0 } })
export const BILAN_SCHEMA: FastifySchema = { params: RECORD, querystring: paramFields('valide') }
export const BILAN_CSV_SCHEMA: FastifySchema = { params: RECORD }

/** The page a schema refusal stands for, by the field it names: the very page the route's own check gave. */
export function consoleRefusal (failure: SchemaFailure): ConsoleError {
  const given = String(failure.given ?? '')
  switch (failure.field) {
    case 'uai': return new ConsoleError(404, 'Établissement inconnu', `« ${given.slice(0, 20)} » n'est pas un UAI (7 chiffres et une lettre).`)
    case 'idpn': return new ConsoleError(404, 'IDPN inconnu', `« ${given.slice(0, 64)} » n'est pas un IDPN (lettres et chiffres, 64 au plus).`)
    case 'step': return new ConsoleError(404, 'Étape inconnue', 'Les étapes vont de 1 à 6.')
    case 'n': return new ConsoleError(404, 'Bilan introuvable', 'Ce bilan n\'existe pas ou n\'a pas été gardé (imports faits hors de la console).')
    case 'id': return new ConsoleError(404, 'Page introuvable', 'Cet identifiant ne désigne rien dans la console.')
  }
  if (failure.part === 'body' && failure.field === undefined) return formExpired()
  return new ConsoleError(400, 'Requête invalide', `${failure.part === 'body' ? 'Champ' : 'Paramètre'} ${failure.field ?? ''} invalide. Rouvrez la page et recommencez.`)
}
