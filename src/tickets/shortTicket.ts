/** The longest ticket prefix before its dash (PGTIOU). */
const MAX_PREFIX = 6

/**
 * A ticket as the logs show it: its prefix and six characters, never enough to use it. A value
 * without a short prefix (a client's garbage, or a ticket behind other characters) shows its
 * first six characters only, so that no value ever shows more than thirteen.
 */
export function shortTicket (id: string | undefined): string | undefined {
  if (id === undefined) return undefined
  const dash = id.indexOf('-')
  return `${id.slice(0, dash >= 0 && dash <= MAX_PREFIX ? dash + 7 : 6)}…`
}
