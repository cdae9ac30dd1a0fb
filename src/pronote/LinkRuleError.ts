/** Stable codes of the manual-link rules (see linkByHand). */
export type LinkRuleCode =
  | 'IDPN_SHAPE' // 422: not an identifier PRONOTE gives
  | 'PERSON_NOT_FOUND' // 404: nobody with that uid in the establishment
  | 'CATEGORY_NOT_HELD' // 422: the person's profiles do not give that category
  | 'NO_CHILD_HERE' // 422: a parent none of whose children is a pupil of the establishment
  | 'IDPN_NOT_IN_LAST_IMPORT' // 409: the establishment's last import has no such IDPN in that category
  | 'IDPN_TAKEN' // 409: the IDPN is linked to someone else, and the request does not say to move it
  | 'ALREADY_LINKED' // 409: the person holds another IDPN in that category

/**
 * A manual link refused by the rules (see linkByHand): `status` is the HTTP status the admin API
 * answers, `code` a stable name callers can switch on, `message` the French sentence that names
 * the rule. Nothing has changed when it is thrown.
 */
export class LinkRuleError extends Error {
  constructor (readonly status: 404 | 409 | 422, readonly code: LinkRuleCode, message: string) {
    super(message)
    this.name = 'LinkRuleError'
  }
}
