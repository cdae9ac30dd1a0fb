import { PageError } from './PageError.js'

/**
 * A session asked for more service tickets within a minute than SESSION_TICKETS_PER_MINUTE
 * allows: no ticket, an HTTP 429 page, and an audit event (the error handler writes it from the
 * fields carried here).
 */
export class TicketLimitError extends PageError {
  /** Seconds after which the count has certainly started again. */
  readonly retryAfterSeconds = 60

  constructor (readonly user: string, readonly serviceKey: string, readonly limit: number) {
    super('tooManyTickets', 429, 'Trop de demandes',
      'Votre session a demandé trop d\'accès aux applications en peu de temps. Patientez une minute, puis réessayez.')
  }
}
