/** CAS protocol error codes (CAS Protocol 3.0, section 2.5.3 and 2.7.2). */
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
 * The one error type of the protocol layer: it carries the CAS code that the validation views
 * render and the HTTP status that pages use. Routes throw it; one handler renders it.
 */
export class CasError extends Error {
  readonly code: CasErrorCode
  readonly statusCode: number
  /** What really happened, for the log and the audit log only: the caller reads `message`. */
  readonly reason: string | undefined

  constructor (code: CasErrorCode, message: string, statusCode?: number, reason?: string) {
    super(message)
    this.name = 'CasError'
    this.code = code
    this.statusCode = statusCode ?? (code === 'INTERNAL_ERROR' ? 500 : 200)
    this.reason = reason
  }
}
