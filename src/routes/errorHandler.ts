import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { isRedisUnavailable } from '../health/isRedisUnavailable.js'
import { errorPage } from '../views/pages.js'
import { NO_STORE_HEADERS } from './casPaths.js'

/**
 * Failures that are no refusal, as a French page: a client error from Fastify (body too large,
 * bad content type, a schema refusal) a 4xx page naming it, Redis out of reach a 503 page,
 * anything else a 500 page without details, logged. The root's handler, for what no plugin
 * answers (see buildApp), and the end of the pages plugin's handler. A ProtocolError reaching it
 * was thrown where no way of answering owns refusals: it is a bug, answered 500.
 */
export function errorHandler (basePath: string) {
  return async function handle (err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    reply.headers(NO_STORE_HEADERS).type('text/html; charset=utf-8')
    const status = (err as FastifyError).statusCode
    if (status !== undefined && status >= 400 && status < 500) {
      const message = status === 413 ? 'La requête est trop volumineuse.' : status === 415 ? 'Type de contenu non pris en charge.' : 'La requête est invalide.'
      return await reply.code(status).send(errorPage(basePath, { title: 'Requête invalide', message }))
    }
    if (isRedisUnavailable(err)) {
      // Redis is down or failing over: the person may simply try again in a moment.
      request.log.warn({ reason: err.message }, 'Redis unavailable: answered 503')
      return await reply.code(503).header('retry-after', '10').send(errorPage(basePath, {
        title: 'Service momentanément indisponible',
        message: 'Le service d\'authentification est momentanément indisponible. Réessayez dans quelques instants.'
      }))
    }
    request.log.error({ err }, 'request failed')
    return await reply.code(500).send(errorPage(basePath, {
      title: 'Erreur du service',
      message: 'Une erreur inattendue s\'est produite. Réessayez dans quelques instants.'
    }))
  }
}
