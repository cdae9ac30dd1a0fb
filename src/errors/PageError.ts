export type PageErrorKind =
  | 'unknownService'
  | 'accessDenied'
  | 'unavailable'
  | 'badRequest'
  | 'tooManyTickets'

/**
 * An error shown to a person as a French page (the login and logout flows), as opposed to a
 * CasError, which a CAS client reads in a validation response.
 */
export class PageError extends Error {
  readonly kind: PageErrorKind
  readonly statusCode: number
  /** Extra text for the page, such as the name of the service refused. */
  readonly detail: string | undefined

  constructor (kind: PageErrorKind, statusCode: number, message: string, detail?: string) {
    super(message)
    this.name = 'PageError'
    this.kind = kind
    this.statusCode = statusCode
    this.detail = detail
  }
}
