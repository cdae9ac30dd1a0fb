/**
 * A manual link refused by the rules (see linkByHand): `status` is the HTTP status the admin API
 * answers, `code` a stable name callers can switch on, `message` the French sentence shown.
 */
export class LinkRuleError extends Error {
  constructor (readonly status: number, readonly code: string, message: string) {
    super(message)
    this.name = 'LinkRuleError'
  }
}
