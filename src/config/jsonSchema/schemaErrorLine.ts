import type { ErrorObject } from 'ajv'
import { placeName } from './placeName.js'

interface Where {
  readonly entriesBy?: string
  readonly idKey?: string
}

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>, additionalProperties?: unknown, title?: string, expected?: string, oneOf?: Schema[] }

/**
 * The one French line for Ajv's first error (Ajv runs with allErrors off and verbose on):
 * the file, the entry and the key path, then what was expected, worded from the schema itself
 * (each property's `title` and `expected`, enum values, limits), never per key.
 */
export function schemaErrorLine (errors: readonly ErrorObject[], data: unknown, source: string, where: Where = {}): string {
  const error = unknownKeyFirst(firstError(errors))
  const keys = pointer(error.instancePath, data)
  const extra = keyOf(error)
  if (extra !== undefined) keys.push(extra)
  let place: string
  if (where.entriesBy !== undefined && typeof keys[0] === 'number') {
    const [index, ...rest] = keys
    place = placeName(`${source}[${index}]`, (data as unknown[])[index], where.entriesBy, rest)
  } else {
    place = placeName(source, data, where.idKey, keys)
  }
  return `${place}: ${message(error)}`
}

/**
 * With allErrors off, Ajv stops at the first failing keyword, but a failing anyOf first lists
 * the errors of each of its branches. When one branch got past the value itself (an array
 * whose second URL is wrong), its error is the precise one; otherwise the anyOf's own is.
 */
function firstError (errors: readonly ErrorObject[]): ErrorObject {
  const last = errors[errors.length - 1]
  if (last === undefined) throw new Error('schemaErrorLine: no error')
  if (last.keyword !== 'anyOf') return last
  const prefix = `${last.schemaPath}/`
  const deeper = errors.find((e) => e.schemaPath.startsWith(prefix) && e.instancePath.startsWith(`${last.instancePath}/`))
  if (deeper === undefined) return last
  const branch = `${prefix}${deeper.schemaPath.slice(prefix.length).split('/')[0] ?? ''}/`
  return firstError(errors.filter((e) => e.schemaPath.startsWith(branch)))
}

/**
 * Ajv checks `required` before `additionalProperties`, but a misspelt key (`bindPaswordEnv`)
 * explains the missing one: report the unknown key.
 */
function unknownKeyFirst (error: ErrorObject): ErrorObject {
  const schema = error.parentSchema as Schema | undefined
  if (error.keyword !== 'required' || schema?.additionalProperties !== false) return error
  const unknown = Object.keys(error.data as object).find((k) => !Object.hasOwn(schema.properties ?? {}, k))
  return unknown === undefined ? error : { ...error, keyword: 'additionalProperties', params: { additionalProperty: unknown } }
}

/** JSON Pointer → keys, array indexes as numbers (read from the data, so that an object key "0" stays a key). */
function pointer (path: string, data: unknown): Array<string | number> {
  const keys: Array<string | number> = []
  let at = data
  for (const raw of path === '' ? [] : path.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    const k = Array.isArray(at) ? Number(key) : key
    keys.push(k)
    at = (at as Record<string | number, unknown> | undefined)?.[k]
  }
  return keys
}

/** The key an error is about when Ajv reports it on the object holding it. */
function keyOf (error: ErrorObject): string | undefined {
  switch (error.keyword) {
    case 'required': return error.params.missingProperty as string
    case 'additionalProperties': return error.params.additionalProperty as string
    case 'discriminator': return error.params.tag as string
    default: return undefined
  }
}

const TYPE_WORDS: Record<string, string> = { string: 'texte', integer: 'nombre entier', number: 'nombre', boolean: 'true ou false', array: 'tableau', object: 'objet', null: 'null' }

function message (error: ErrorObject): string {
  const schema = (error.parentSchema ?? {}) as Schema
  const p = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required': {
      const property = schema.properties?.[p.missingProperty as string]
      return `${property?.title ?? 'clé'} obligatoire${property?.expected === undefined ? '' : ` (${property.expected})`}`
    }
    case 'additionalProperties': {
      const known = Object.keys(schema.properties ?? {})
      const near = known.find((k) => closeTo(k, p.additionalProperty as string))
      return near === undefined ? `clé inconnue (attendu : ${known.join(', ')})` : `clé inconnue (« ${near} » ?)`
    }
    case 'type': return `${String(p.type).split(',').map((t) => TYPE_WORDS[t] ?? t).join(' ou ')} attendu (reçu ${shown(error.data)})`
    case 'enum': return `valeur ${shown(error.data)} inconnue (attendu : ${(p.allowedValues as unknown[]).map(String).join(', ')})`
    case 'const': return `valeur ${shown(error.data)} inconnue (attendu : ${String(p.allowedValue)})`
    case 'discriminator': {
      const tag = p.tag as string
      const values = (schema.oneOf ?? []).map((s) => String(s.properties?.[tag]?.const))
      const value = (error.data as Record<string, unknown>)[tag]
      const title = schema.oneOf?.[0]?.properties?.[tag]?.title ?? tag
      return value === undefined ? `${title} obligatoire (attendu : ${values.join(', ')})` : `valeur ${shown(value)} inconnue (attendu : ${values.join(', ')})`
    }
    default: return `${shown(error.data)} invalide (attendu : ${schema.expected ?? limitWords(error)})`
  }
}

function limitWords (error: ErrorObject): string {
  const limit = error.params.limit as number
  switch (error.keyword) {
    case 'minLength': return limit === 1 ? 'texte non vide' : `au moins ${limit} caractères`
    case 'maxLength': return `${limit} caractères au plus`
    case 'minimum': return `au moins ${limit}`
    case 'maximum': return `au plus ${limit}`
    case 'exclusiveMinimum': return `plus de ${limit}`
    case 'minItems': return limit === 1 ? 'tableau non vide' : `au moins ${limit} éléments`
    case 'maxItems': return `${limit} éléments au plus`
    case 'uniqueItems': return 'des éléments tous différents'
    default: return error.message ?? error.keyword
  }
}

/** A value as the line quotes it: short, and never a whole object. */
function shown (v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v)
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `un tableau de ${v.length} élément${v.length > 1 ? 's' : ''}`
  if (typeof v === 'object' && v !== null) return 'un objet'
  return String(v)
}

/** A misspelling: same letters but for case, or one letter added, dropped or changed. */
function closeTo (known: string, typed: string): boolean {
  const a = known.toLowerCase()
  const b = typed.toLowerCase()
  if (a === b) return true
  if (Math.abs(a.length - b.length) > 1) return false
  let i = 0
  while (i < a.length && a[i] === b[i]) i++
  return a.slice(i + 1) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i) || a.slice(i) === b.slice(i + 1)
}
