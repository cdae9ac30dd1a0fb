import type { FastifyError, FastifyRequest } from 'fastify'

/** Which part of a request a route schema refused, and the field it names. */
export interface SchemaFailure {
  part: 'params' | 'querystring' | 'body' | 'headers'
  /** The first-level field (a path parameter, a query or form name, a JSON key); undefined for the whole part. */
  field: string | undefined
  /** The field is required and absent. */
  missing: boolean
  /** What the request gave for the field, as parsed (undefined when missing). */
  given: unknown
}

const HOLDER = { params: 'params', querystring: 'query', body: 'body', headers: 'headers' } as const

/**
 * What a Fastify schema error is about, or undefined for any other error. Fastify stops at the
 * first failure (Ajv's allErrors stays off), so there is one field to name.
 */
export function schemaFailureOf (err: unknown, request: FastifyRequest): SchemaFailure | undefined {
  const { validation, validationContext: part } = err as Partial<FastifyError>
  const first = validation?.[0]
  if (first === undefined || part === undefined) return undefined
  const missing = first.keyword === 'required'
  const named = missing ? String(first.params.missingProperty) : first.instancePath.split('/')[1]
  const field = named === undefined || named === '' ? undefined : named
  const holder = request[HOLDER[part]] as Record<string, unknown> | null | undefined
  return { part, field, missing, given: field === undefined ? undefined : holder?.[field] }
}
