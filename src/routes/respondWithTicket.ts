import type { FastifyReply, FastifyRequest } from 'fastify'
import type { CasContext } from '../protocol/CasContext.js'
import { grantServiceTicket } from '../protocol/grantServiceTicket.js'
import { serviceRedirectUrl } from '../protocol/serviceRedirectUrl.js'
import type { ServiceMatch } from '../services/ServiceRegistry.js'
import type { TicketGrantingTicket } from '../tickets/Ticket.js'
import { audit, shortTicket } from './audit.js'
import { postRedirectPage, warnPage } from '../views/pages.js'

export interface TicketDelivery {
  fromNewLogin: boolean
  warn: boolean
  method: 'GET' | 'POST'
}

/**
 * Where the `warn` page's "Continuer" goes: /login again for the same service, without `warn`.
 * The ticket is issued there, when the person confirms: a ticket drawn into the page would have
 * expired (ST_TTL_SECONDS, 10 s) while they read it. The session cookie decides, as for any
 * single sign-on, so nothing more needs signing: without `warn` the same URL would have sent the
 * ticket at once anyway.
 */
function confirmUrl (basePath: string, match: ServiceMatch, how: TicketDelivery): string {
  const query = new URLSearchParams({ service: serviceRedirectUrl(match.url) })
  if (how.method === 'POST') query.set('method', 'POST')
  return `${basePath}/login?${query.toString()}`
}

/** Issues a ticket and sends the browser back to the service: redirect, `warn` page, or POST form. */
export async function respondWithTicket (ctx: CasContext, request: FastifyRequest, reply: FastifyReply, tgt: TicketGrantingTicket, match: ServiceMatch, how: TicketDelivery): Promise<FastifyReply> {
  const { basePath } = ctx.config
  if (how.warn && !how.fromNewLogin) {
    return await reply.type('text/html; charset=utf-8').send(warnPage(basePath, match.service.name, confirmUrl(basePath, match, how)))
  }
  const ticket = await grantServiceTicket(ctx, tgt, match, how.fromNewLogin)
  audit(request, 'ticket.issued', { ticket: shortTicket(ticket.id), service: match.service.id, user: ticket.user, fromNewLogin: how.fromNewLogin })
  if (how.method === 'POST') {
    // The form posts to the service: the CSP's form-action must allow that one origin.
    reply.header('content-security-policy', `default-src 'none'; style-src 'self'; script-src 'self'; form-action ${match.url.origin}; frame-ancestors 'none'; base-uri 'none'`)
    return await reply.type('text/html; charset=utf-8').send(postRedirectPage(basePath, serviceRedirectUrl(match.url), ticket.id))
  }
  return await reply.redirect(serviceRedirectUrl(match.url, ticket.id), 302)
}
