import { ProtocolError } from './ProtocolError.js'

/**
 * A session asked for more service tickets within a minute than SESSION_TICKETS_PER_MINUTE
 * allows: no ticket. The page error handler audits it from the fields carried here.
 */
export class TicketLimitError extends ProtocolError {
  /** Seconds after which the count has certainly started again. */
  readonly retryAfterSeconds = 60

  constructor (readonly user: string, readonly serviceKey: string, readonly limit: number) {
    super('tooManyTickets', `more than ${limit} service tickets a minute`)
    this.name = 'TicketLimitError'
  }
}
