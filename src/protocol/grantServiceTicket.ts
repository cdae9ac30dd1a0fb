import { PageError } from '../errors/PageError.js'
import { isAccessAllowed } from '../services/isAccessAllowed.js'
import { principalFor, releaseAttributes } from '../services/releaseAttributes.js'
import type { ServiceMatch } from '../services/ServiceRegistry.js'
import { newTicketId } from '../tickets/newTicketId.js'
import type { ServiceTicket, TicketGrantingTicket } from '../tickets/Ticket.js'
import type { CasContext } from './CasContext.js'

/**
 * Issues a service ticket for a session, after the access rules of the service ("Accès
 * population" and establishment). The attributes are fixed now, so validation is a single
 * read-and-delete.
 */
export async function grantServiceTicket (ctx: CasContext, tgt: TicketGrantingTicket, match: ServiceMatch, fromNewLogin: boolean): Promise<ServiceTicket> {
  const { service, url } = match
  if (!isAccessAllowed(service, tgt.person)) {
    throw new PageError('accessDenied', 403, 'Accès refusé',
      `Votre compte ne donne pas accès à « ${service.name} ». Si vous pensez que c'est une erreur, adressez-vous à votre établissement.`)
  }
  const ticket: ServiceTicket = {
    id: newTicketId('ST'),
    service: url.url,
    serviceKey: service.id,
    tgtId: tgt.id,
    user: principalFor(service, tgt.person),
    attributes: await releaseAttributes(service, tgt.person, url.url, ctx.links),
    fromNewLogin,
    authenticatedAt: tgt.authenticatedAt,
    rememberMe: tgt.rememberMe,
    proxies: [],
    attributeStyle: service.attributeStyle
  }
  await ctx.tickets.addServiceTicket(ticket, ctx.config.stTtlSeconds)
  return ticket
}
