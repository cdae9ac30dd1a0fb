/** CAS protocol error codes (CAS Protocol 3.0, sections 2.5.3 and 2.7.2). */
export type CasErrorCode =
  | 'INVALID_REQUEST'
  | 'INVALID_TICKET_SPEC'
  | 'UNAUTHORIZED_SERVICE_PROXY'
  | 'UNAUTHORIZED_SERVICE'
  | 'INVALID_PROXY_CALLBACK'
  | 'INVALID_TICKET'
  | 'INVALID_SERVICE'
  | 'INTERNAL_ERROR'

/**
 * Refusals of the browser flows (/login, /logout, the portal) that have no CAS code: a service
 * not registered, a person the service's access rules refuse, the directory out of reach, a
 * session asking for too many tickets. The page error handler owns their titles, texts and
 * statuses.
 */
export type RefusalKind = 'unknownService' | 'accessDenied' | 'unavailable' | 'tooManyTickets'

export type ProtocolErrorCode = CasErrorCode | RefusalKind

const CAS_CODES: ReadonlySet<string> = new Set<CasErrorCode>([
  'INVALID_REQUEST', 'INVALID_TICKET_SPEC', 'UNAUTHORIZED_SERVICE_PROXY', 'UNAUTHORIZED_SERVICE',
  'INVALID_PROXY_CALLBACK', 'INVALID_TICKET', 'INVALID_SERVICE', 'INTERNAL_ERROR'
])

/**
 * The one error of the protocol layer: what was refused (`code`, a CAS code or a refusal kind)
 * and, for a CAS code, the French description the client may read (`message`). It holds no page
 * text and no HTTP status: each way of answering (validation views, SAML, pages) renders it in
 * one error handler of its own. Subclasses exist only to carry extra data a renderer needs.
 */
export class ProtocolError extends Error {
  readonly code: ProtocolErrorCode
  /** What really happened, for the log and the audit log only: the caller reads `message`. */
  readonly reason: string | undefined

  constructor (code: ProtocolErrorCode, message: string, reason?: string) {
    super(message)
    this.name = 'ProtocolError'
    this.code = code
    this.reason = reason
  }

  /** The CAS code a validation client reads, or undefined for a refusal of the browser flows. */
  get casCode (): CasErrorCode | undefined {
    return CAS_CODES.has(this.code) ? this.code as CasErrorCode : undefined
  }
}
