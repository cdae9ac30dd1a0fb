import type { CasErrorCode } from '../errors/ProtocolError.js'
import type { ServiceTicket } from '../tickets/Ticket.js'

/** What a validation view renders: a consumed ticket, or a CAS error. */
export type ValidationResult =
  | { ok: true, ticket: ServiceTicket, pgtIou?: string }
  | { ok: false, code: CasErrorCode, description: string }

/** Which attributes a response carries: CAS 3.0 always; CAS 2.0 when the service releases some. */
export type ProtocolVersion = 2 | 3

/** The three protocol attributes that open `<cas:attributes>`, in the spec's order. */
export function protocolAttributes (ticket: ServiceTicket): Array<[string, string]> {
  return [
    ['authenticationDate', new Date(ticket.authenticatedAt).toISOString()],
    ['longTermAuthenticationRequestTokenUsed', String(ticket.rememberMe)],
    ['isFromNewLogin', String(ticket.fromNewLogin)]
  ]
}

/** Whether a success response has a `<cas:attributes>` block. */
export function hasAttributeBlock (ticket: ServiceTicket, version: ProtocolVersion): boolean {
  return version === 3 || Object.keys(ticket.attributes).length > 0
}
