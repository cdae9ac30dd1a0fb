import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { ProtocolError, type CasErrorCode } from '../errors/ProtocolError.js'
import type { ProtocolVersion } from '../views/ValidationResult.js'
import type { Fields } from './params.js'

/** How a validation-style route answers, declared in its route config for the one error handler. */
export type CasAnswer =
  | { style: 'cas1', endpoint: string }
  | { style: 'validation', endpoint: string, version: ProtocolVersion }
  | { style: 'proxy', endpoint: string }

declare module 'fastify' {
  interface FastifyContextConfig {
    casAnswer?: CasAnswer
  }
}

/** A refusal as a CAS client reads it, and what the log alone should know. */
export interface CasFailure { code: CasErrorCode, description: string, reason: string | undefined }

const INTERNAL: Omit<CasFailure, 'reason'> = { code: 'INTERNAL_ERROR', description: 'Erreur interne du serveur d\'authentification.' }

/**
 * Any error as a CAS failure: a protocol error with a CAS code as it is, a request Fastify refused
 * (too large, unreadable) as INVALID_REQUEST, anything else — a browser-flow refusal, a store out
 * of reach, a bug — as INTERNAL_ERROR without details, logged.
 */
export function casFailure (err: FastifyError | Error, request: FastifyRequest): CasFailure {
  if (err instanceof ProtocolError && err.casCode !== undefined) return { code: err.casCode, description: err.message, reason: err.reason }
  const status = (err as FastifyError).statusCode
  if (!(err instanceof ProtocolError) && status !== undefined && status >= 400 && status < 500) {
    return { code: 'INVALID_REQUEST', description: status === 413 ? 'La requête est trop volumineuse.' : 'La requête est invalide.', reason: err.message }
  }
  request.log.error({ err }, 'validation failed')
  return { ...INTERNAL, reason: undefined }
}

/** format=JSON asks for the JSON rendering of a CAS 3.0 answer; XML is the default. */
export function wantsJson (request: FastifyRequest): boolean {
  const format = (request.query as Fields | undefined)?.format
  return typeof format === 'string' && format.toUpperCase() === 'JSON'
}

/** The route's declared answer style; a route of a CAS plugin without one is a bug caught by the tests. */
export function casAnswerOf (request: FastifyRequest, reply: FastifyReply): CasAnswer {
  const answer = reply.routeOptions.config.casAnswer
  if (answer === undefined) throw new Error(`route ${request.url} declares no casAnswer`)
  return answer
}
