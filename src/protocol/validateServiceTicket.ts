import { ProtocolError } from '../errors/ProtocolError.js'
import { normalizeServiceUrl } from '../services/normalizeServiceUrl.js'
import { ticketPrefix } from '../tickets/newTicketId.js'
import type { ServiceTicket } from '../tickets/Ticket.js'
import type { TicketStore } from '../tickets/TicketStore.js'

export interface ValidationRequest {
  ticket: string | undefined
  service: string | undefined
  renew: boolean
  /** /proxyValidate accepts proxy tickets; /validate and /serviceValidate do not. */
  acceptProxyTickets: boolean
}

/**
 * CAS 3.0 §2.5/2.6: checks and consumes a ticket. The ticket is consumed before any other check,
 * so it is single use whether or not validation succeeds.
 */
export async function validateServiceTicket (tickets: TicketStore, req: ValidationRequest): Promise<ServiceTicket> {
  if (req.ticket === undefined || req.ticket === '' || req.service === undefined || req.service === '') {
    throw new ProtocolError('INVALID_REQUEST', 'Les paramètres « ticket » et « service » sont obligatoires.')
  }
  const prefix = ticketPrefix(req.ticket)
  if (prefix !== 'ST' && prefix !== 'PT') {
    throw new ProtocolError('INVALID_TICKET_SPEC', `Le ticket « ${req.ticket.slice(0, 64)} » n'est pas un ticket de service.`)
  }
  const ticket = await tickets.consumeServiceTicket(req.ticket)
  if (ticket === undefined) throw new ProtocolError('INVALID_TICKET', `Ticket « ${req.ticket} » inconnu, expiré ou déjà utilisé.`)
  if (prefix === 'PT' && !req.acceptProxyTickets) {
    throw new ProtocolError('INVALID_TICKET_SPEC', 'Un ticket de proxy ne peut être validé que par /proxyValidate.')
  }
  if (ticket.service !== req.service && ticket.service !== normalizeServiceUrl(req.service)?.url) {
    throw new ProtocolError('INVALID_SERVICE', `Le ticket « ${req.ticket} » n'a pas été émis pour ce service.`)
  }
  if (req.renew && !ticket.fromNewLogin) {
    throw new ProtocolError('INVALID_TICKET', `Le ticket « ${req.ticket} » ne provient pas d'une saisie du mot de passe (renew).`)
  }
  return ticket
}
