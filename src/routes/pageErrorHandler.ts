import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { AccessDeniedError } from '../errors/AccessDeniedError.js'
import { ProtocolError, type RefusalKind } from '../errors/ProtocolError.js'
import { TicketLimitError } from '../errors/TicketLimitError.js'
import { errorPage } from '../views/pages.js'
import { audit } from './audit.js'
import { NO_STORE_HEADERS } from './casPaths.js'
import { errorHandler } from './errorHandler.js'

interface PageAnswer { status: number, title: string, message: (err: ProtocolError) => string }

/** How each refusal of the browser flows reads to a person: status, title and text. */
const REFUSAL_PAGES: Record<RefusalKind, PageAnswer> = {
  unknownService: {
    status: 403,
    title: 'Application non autorisée',
    message: () => 'L\'application qui vous a envoyé ici n\'est pas autorisée à utiliser ce service d\'authentification.'
  },
  accessDenied: {
    status: 403,
    title: 'Accès refusé',
    message: (err) => `Votre compte ne donne pas accès à «\u00a0${err instanceof AccessDeniedError ? err.serviceName : 'cette application'}\u00a0». Si vous pensez que c'est une erreur, adressez-vous à votre établissement.`
  },
  unavailable: {
    status: 503,
    title: 'Service momentanément indisponible',
    message: () => 'Le service d\'authentification est momentanément indisponible. Réessayez dans quelques minutes.'
  },
  tooManyTickets: {
    status: 429,
    title: 'Trop de demandes',
    message: () => 'Votre session a demandé trop d\'accès aux applications en peu de temps. Patientez une minute, puis réessayez.'
  }
}

/** A CAS code on a page (a parameter given twice, a bad `method`): the request itself is at fault. */
const INVALID_REQUEST_PAGE: PageAnswer = { status: 400, title: 'Requête invalide', message: (err) => err.message }

/**
 * The pages plugin's error handler (/login, /logout, the portal, /static/): a ProtocolError
 * becomes its French page (a ticket refused by the per-minute limit is audited first); any other
 * failure is the fallback's 4xx, 503 or 500 page.
 */
export function pageErrorHandler (basePath: string) {
  const fallback = errorHandler(basePath)
  return async function handle (err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    if (!(err instanceof ProtocolError)) return await fallback(err, request, reply)
    if (err instanceof TicketLimitError) {
      audit(request, 'ticket.throttled', { user: err.user, service: err.serviceKey, limit: err.limit })
      reply.header('retry-after', String(err.retryAfterSeconds))
    }
    const page = err.casCode === undefined ? REFUSAL_PAGES[err.code as RefusalKind] : INVALID_REQUEST_PAGE
    return await reply.code(page.status).headers(NO_STORE_HEADERS).type('text/html; charset=utf-8')
      .send(errorPage(basePath, { title: page.title, message: page.message(err) }))
  }
}
