/** A link made by hand that breaks a rule: nothing was changed. `message` is French, for people. */
export class LinkRuleError extends Error {
  constructor (readonly status: number, readonly code: string, message: string) {
    super(message)
    this.name = 'LinkRuleError'
  }
}
