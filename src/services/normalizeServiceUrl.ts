/**
 * The canonical form of a service URL, or undefined when a browser might take it somewhere else
 * than it appears to go. Refused: anything not http(s), user-info, backslashes, white space and
 * control characters, encoded separators (%2F, %5C, and %2E dot segments hidden in the path),
 * which servers decode differently, and dot segments, path parameters included (`..;`, which the
 * URL parser keeps but servlet containers read as `..`). Host and scheme are lower-cased and the
 * default port dropped by the WHATWG parser; the fragment is kept apart, since it never reaches
 * the server.
 */
export interface NormalizedServiceUrl {
  /** scheme://host[:port]/path?query, with no fragment: what patterns and tickets compare. */
  url: string
  /** The fragment including '#', or '' — put back after the ticket when redirecting. */
  hash: string
  origin: string
  hostname: string
  port: string
  protocol: string
}

// Control characters, white space, backslashes, and characters the WHATWG parser strips silently.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0020\u007f-\u00a0\\\u1680\u2000-\u200f\u2028-\u202f\u205f\u2060\u3000\ufeff]/
const ENCODED_SEPARATOR = /%(?:2f|5c|2e|25|00)/i
const MAX_LENGTH = 2048

/**
 * Whether a raw path segment is '.' or '..' to some server: Tomcat and Jetty strip `;` parameters
 * before resolving dot segments, so `..;`, `.;x` and `..;jsessionid=1` climb out of a pattern's
 * directory although the URL parser leaves them in place.
 */
function isDotSegment (segment: string): boolean {
  let decoded: string
  try { decoded = decodeURIComponent(segment) } catch { decoded = segment }
  const name = decoded.split(';')[0]
  return name === '.' || name === '..'
}

export function normalizeServiceUrl (raw: string): NormalizedServiceUrl | undefined {
  if (raw.length === 0 || raw.length > MAX_LENGTH || FORBIDDEN.test(raw)) return undefined
  // Only an explicit http(s) scheme followed by exactly '//' then a host: no 'https:/host' or 'https:///host'.
  if (!/^https?:\/\/[^/]/i.test(raw)) return undefined
  let u: URL
  try { u = new URL(raw) } catch { return undefined }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined
  // The authority as typed must be plain ASCII without user-info: the parser would silently map
  // look-alikes (U+3002 for '.') and drop 'user@', so the host shown is not the host reached.
  const authority = raw.slice(0, raw.indexOf('/', raw.indexOf('//') + 2) >>> 0)
  if (u.username !== '' || u.password !== '' || authority.includes('@') || /[^\x21-\x7e]/.test(authority)) return undefined
  if (u.hostname === '' || u.hostname.endsWith('.')) return undefined
  const pathAndQuery = raw.slice(raw.indexOf('/', raw.indexOf('//') + 2) >>> 0)
  if (ENCODED_SEPARATOR.test(pathAndQuery.split('?')[0] ?? '')) return undefined
  if ((pathAndQuery.split(/[?#]/)[0] ?? '').split('/').some(isDotSegment)) return undefined
  const url = u.origin + u.pathname + u.search
  return { url, hash: u.hash, origin: u.origin, hostname: u.hostname, port: u.port, protocol: u.protocol }
}
