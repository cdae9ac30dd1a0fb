/** A refusal of the admin API: rendered as `{ error, message }` with this HTTP status. */
export class AdminError extends Error {
  constructor (readonly statusCode: number, readonly error: string, message: string) {
    super(message)
    this.name = 'AdminError'
  }
}
