import { PageError } from '../errors/PageError.js'
import type { ServiceMatch } from '../services/ServiceRegistry.js'
import type { ServiceTicket, TicketGrantingTicket } from '../tickets/Ticket.js'
import type { CasContext } from './CasContext.js'
import { issueTicket } from './issueTicket.js'

/**
 * Issues a service ticket for a session, after the access rules of the service ("Accès
 * population" and establishment), within the session's tickets-per-minute limit (otherwise
 * TicketLimitError, HTTP 429). The attributes are fixed now, so validation is a single
 * read-and-delete.
 */
export async function grantServiceTicket (ctx: CasContext, tgt: TicketGrantingTicket, match: ServiceMatch, fromNewLogin: boolean): Promise<ServiceTicket> {
  const ticket = await issueTicket(ctx, tgt, match, { kind: 'ST', fromNewLogin, proxies: [] })
  if (ticket === undefined) {
    throw new PageError('accessDenied', 403, 'Accès refusé',
      `Votre compte ne donne pas accès à «\u00a0${match.service.name}\u00a0». Si vous pensez que c'est une erreur, adressez-vous à votre établissement.`)
  }
  return ticket
}
