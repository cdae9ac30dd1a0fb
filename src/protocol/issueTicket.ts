import { TicketLimitError } from '../errors/TicketLimitError.js'
import { isAccessAllowed } from '../services/isAccessAllowed.js'
import { principalFor, releaseAttributes } from '../services/releaseAttributes.js'
import type { ServiceMatch } from '../services/ServiceRegistry.js'
import { newTicketId } from '../tickets/newTicketId.js'
import type { ServiceTicket, TicketGrantingTicket } from '../tickets/Ticket.js'
import type { CasContext } from './CasContext.js'
import type { LinksReader } from '../pronote/LinkStore.js'

export interface TicketIssue {
  kind: 'ST' | 'PT'
  fromNewLogin: boolean
  /** Proxy chain, most recent first; empty for a service ticket. */
  proxies: string[]
  /** Where the PRONOTE links are read: ctx.links, unless the session's read brought them (useSessionFor). */
  links?: LinksReader
}

/**
 * Issues a service or proxy ticket for a session, or undefined when the service's access rules
 * ("Accès population" and establishment) refuse the person. Each caller turns a refusal into its
 * own answer: a page for /login, a proxyFailure for /proxy. The attributes are fixed now, so
 * validation is a single read-and-delete.
 *
 * A session is given at most SESSION_TICKETS_PER_MINUTE service tickets a minute (counted and
 * stored in one step by the ticket store): beyond, TicketLimitError and no ticket. Proxy tickets
 * are not counted: a proxy asks for them server to server, with a PGT, not through /login.
 */
export async function issueTicket (ctx: CasContext, tgt: TicketGrantingTicket, match: ServiceMatch, issue: TicketIssue): Promise<ServiceTicket | undefined> {
  const { service, url } = match
  if (!isAccessAllowed(service, tgt.person)) return undefined
  const ticket: ServiceTicket = {
    id: newTicketId(issue.kind),
    service: url.url,
    serviceKey: service.id,
    tgtId: tgt.id,
    user: principalFor(service, tgt.person),
    attributes: await releaseAttributes(service, tgt.person, url.url, issue.links ?? ctx.links),
    fromNewLogin: issue.fromNewLogin,
    authenticatedAt: tgt.authenticatedAt,
    rememberMe: tgt.rememberMe,
    proxies: issue.proxies,
    attributeStyle: service.attributeStyle,
    singleLogout: service.singleLogout
  }
  const perMinute = issue.kind === 'ST' ? ctx.config.sessionTicketsPerMinute : undefined
  if (!await ctx.tickets.addServiceTicket(ticket, ctx.config.stTtlSeconds, perMinute)) {
    throw new TicketLimitError(ticket.user, service.id, ctx.config.sessionTicketsPerMinute)
  }
  return ticket
}
