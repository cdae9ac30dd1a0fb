import { ProtocolError } from '../errors/ProtocolError.js'
import { ticketPrefix } from '../tickets/newTicketId.js'
import type { ServiceTicket } from '../tickets/Ticket.js'
import type { CasContext } from './CasContext.js'
import { issueTicket } from './issueTicket.js'

export interface ProxyRequest {
  pgt: string | undefined
  targetService: string | undefined
}

/**
 * CAS 3.0 §2.7: a proxy ticket for `targetService`, from a proxy-granting ticket. The target must
 * be registered and its access rules must admit the person, exactly as for a service ticket. The
 * PT carries the PGT's proxy chain, most recent first. Using a PGT counts as activity of its
 * session, and a PGT whose session has ended is dead.
 */
export async function grantProxyTicket (ctx: CasContext, req: ProxyRequest): Promise<ServiceTicket> {
  if (req.pgt === undefined || req.pgt === '' || req.targetService === undefined || req.targetService === '') {
    throw new ProtocolError('INVALID_REQUEST', 'Les paramètres « pgt » et « targetService » sont obligatoires.')
  }
  const unknown = new ProtocolError('INVALID_TICKET', `Ticket « ${req.pgt.slice(0, 64)} » inconnu ou expiré.`)
  if (ticketPrefix(req.pgt) !== 'PGT') throw unknown
  const pgt = await ctx.tickets.getProxyGrantingTicket(req.pgt)
  if (pgt === undefined) throw unknown
  // Redis lets a PGT key outlive a session that expired on its own: the session decides.
  const tgt = await ctx.tickets.useSession(pgt.tgtId)
  if (tgt === undefined) throw unknown
  const match = ctx.registry.match(req.targetService)
  if (match === undefined) {
    throw new ProtocolError('UNAUTHORIZED_SERVICE', 'Le service cible n\'est pas autorisé à utiliser ce service d\'authentification.')
  }
  const ticket = await issueTicket(ctx, tgt, match, { kind: 'PT', fromNewLogin: false, proxies: pgt.proxies })
  if (ticket === undefined) {
    throw new ProtocolError('UNAUTHORIZED_SERVICE', `Le compte de l'utilisateur ne donne pas accès à « ${match.service.name} ».`)
  }
  return ticket
}
