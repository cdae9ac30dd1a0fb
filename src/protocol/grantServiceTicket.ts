import { AccessDeniedError } from '../errors/AccessDeniedError.js'
import type { ServiceMatch } from '../services/ServiceRegistry.js'
import type { ServiceTicket, TicketGrantingTicket } from '../tickets/Ticket.js'
import type { CasContext } from './CasContext.js'
import { issueTicket } from './issueTicket.js'
import type { LinksReader } from '../pronote/LinkStore.js'

/**
 * Issues a service ticket for a session, after the access rules of the service ("Accès
 * population" and establishment), within the session's tickets-per-minute limit (otherwise
 * TicketLimitError). The attributes are fixed now, so validation is a single
 * read-and-delete.
 */
export async function grantServiceTicket (ctx: CasContext, tgt: TicketGrantingTicket, match: ServiceMatch, fromNewLogin: boolean, links?: LinksReader): Promise<ServiceTicket> {
  const ticket = await issueTicket(ctx, tgt, match, { kind: 'ST', fromNewLogin, proxies: [], ...(links === undefined ? {} : { links }) })
  if (ticket === undefined) throw new AccessDeniedError(match.service.name)
  return ticket
}
