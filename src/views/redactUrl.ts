import { shortTicket } from '../tickets/shortTicket.js'

/** Parameters whose value is a ticket: the logs keep its prefix and six characters. */
const TICKETS = new Set(['ticket', 'pgt', 'pgtiou', 'pgtid', 'execution'])
/** Parameters whose value the logs never show at all. */
const SECRETS = new Set(['password'])
/** How deep URLs inside parameters (service=…?ticket=…) are followed. */
const MAX_DEPTH = 3

/** A query component as a server reads it; a malformed escape is decoded byte by byte rather than kept hidden. */
function decode (s: string): string {
  const plus = s.replace(/\+/g, ' ')
  try { return decodeURIComponent(plus) } catch {
    return plus.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
  }
}

function redactParameter (pair: string, depth: number): string {
  const eq = pair.indexOf('=')
  if (eq < 0) return pair
  const rawName = pair.slice(0, eq)
  const name = decode(rawName).trim().toLowerCase()
  const value = decode(pair.slice(eq + 1))
  if (SECRETS.has(name)) return `${rawName}=[caché]`
  if (TICKETS.has(name)) return `${rawName}=${encodeURIComponent((shortTicket(value) as string).slice(0, -1))}…`
  // A URL in a parameter (service, targetService, pgtUrl…) may carry a ticket of its own.
  if (depth < MAX_DEPTH && value.includes('?')) {
    const inner = redact(value, depth + 1)
    if (inner !== value) return `${rawName}=${encodeURIComponent(inner).replace(/%E2%80%A6/g, '…')}`
  }
  return pair
}

function redact (url: string, depth: number): string {
  const q = url.indexOf('?')
  if (q < 0) return url
  return `${url.slice(0, q)}?${url.slice(q + 1).split('&').map((pair) => redactParameter(pair, depth)).join('&')}`
}

/**
 * A URL (or a request's path and query) for the logs. Parameters are recognised by name on the
 * DECODED query, whatever their case or percent-encoding (`pgt=PGT%2D…`, `Ticket=`): tickets keep
 * their prefix and six characters, passwords are hidden, and URLs inside parameters get the same
 * treatment. Other parameters are kept as sent.
 */
export function redactUrl (url: string): string {
  return redact(url, 0)
}
