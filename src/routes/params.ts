import type { FastifySchema } from 'fastify'
import { ProtocolError } from '../errors/ProtocolError.js'

/** A request's query or form fields, as Fastify parses them (repeated names become arrays). */
export type Fields = Record<string, unknown>

/**
 * The schema of a parameter read with `param()`: text, or the array a repeated name becomes. The
 * schema lets the array through on purpose: `param()` refuses it, and each surface answers that
 * refusal in its own style (a CAS failure, a SOAP envelope, a French page or JSON message).
 */
// anyOf rather than a type list: Ajv's strict mode prints a warning on stdout for every type union.
export const PARAM = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } as const

/** An object schema of parameters read with `param()`; other names pass, as clients add their own. */
export function paramFields (...names: string[]): FastifySchema['querystring'] {
  return { type: 'object', properties: Object.fromEntries(names.map((name) => [name, PARAM])) }
}

/**
 * The schema of a route that reads no parameter, query nor body: empty, and saying so. Nothing
 * is compiled and nothing is refused (a probe or a cache-buster may add a query).
 */
export const READS_NOTHING: FastifySchema = {}

/**
 * One parameter as a string. A parameter given twice is ambiguous — which service did the client
 * mean? — so it is refused (INVALID_REQUEST, which every way of answering renders) rather than picked.
 */
export function param (fields: Fields | undefined, name: string): string | undefined {
  const v = fields?.[name]
  if (v === undefined) return undefined
  if (typeof v === 'string') return v
  throw new ProtocolError('INVALID_REQUEST', 'Un même paramètre a été donné plusieurs fois.')
}

/** CAS flags (renew, gateway, warn) are on when present with any value but "false". */
export function flag (fields: Fields | undefined, name: string): boolean {
  const v = fields?.[name]
  if (v === undefined) return false
  const s = Array.isArray(v) ? String(v[0]) : String(v)
  return s.toLowerCase() !== 'false'
}
