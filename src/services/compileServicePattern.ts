import { normalizeServiceUrl } from './normalizeServiceUrl.js'

/** Tests a normalised service URL (scheme://host[:port]/path?query) against one registry pattern. */
export type ServiceMatcher = (normalizedUrl: string) => boolean

function escapeRegExp (s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

// Ant-style path: `**` any number of segments, including none (`/a/**/x` matches `/a/x`), and
// never the query (but a trailing slash-`**` takes the query too), `*` within a segment, `?` one
// character. (A line comment: the pattern's own star-slash would end a block comment.)
function antToRegExp (path: string): string {
  let out = ''
  let i = 0
  while (i < path.length) {
    if (path.startsWith('/**', i) && i + 3 === path.length) {
      // `…/pronote/**` matches `…/pronote`, `…/pronote/` and `…/pronote?fd=1` and everything below.
      out += '(?:[/?].*)?'
      i += 3
    } else if (path.startsWith('/**/', i)) {
      out += '/(?:[^?#]*/)?'
      i += 4
    } else if (path.startsWith('**', i)) {
      out += '[^?#]*'
      i += 2
    } else if (path[i] === '*') {
      out += '[^/?#]*'
      i += 1
    } else if (path[i] === '?') {
      out += '[^/?#]'
      i += 1
    } else {
      out += escapeRegExp(path[i] as string)
      i += 1
    }
  }
  return out
}

/**
 * Compiles a registry `serviceId`: a regular expression when it starts with `^` (matched against
 * the whole normalised URL), otherwise an Ant-style pattern. An Ant pattern's scheme and host are
 * literal (a `*` in the host stands for exactly one DNS label), so a URL can only match on the
 * pattern's own host and port. Throws an Error naming the problem for a pattern that cannot work.
 */
export function compileServicePattern (pattern: string): ServiceMatcher {
  if (pattern.startsWith('^')) {
    let re: RegExp
    try { re = new RegExp(`^(?:${pattern.slice(1).replace(/\$$/, '')})$`, 'i') } catch (err) {
      throw new Error(`expression régulière invalide (${(err as Error).message})`)
    }
    return (url) => re.test(url)
  }
  const m = /^(https?):\/\/([^/?#]+)(.*)$/i.exec(pattern)
  if (m === null) throw new Error('motif attendu de la forme https://hôte/chemin/** ou ^expression')
  const [, scheme, authority, path] = m as unknown as [string, string, string, string]
  if (authority.includes('@') || authority.includes('**')) throw new Error('hôte du motif invalide')
  // Check the pattern's host as a URL, with `*` labels replaced by a letter.
  const probe = normalizeServiceUrl(`${scheme}://${authority.replace(/\*/g, 'x')}/`)
  if (probe === undefined) throw new Error('hôte du motif invalide')
  const host = escapeRegExp(authority.toLowerCase()).replace(/\\\*/g, '[a-z0-9-]+')
  // The WHATWG parser drops default ports: compare without them.
  const origin = `${scheme.toLowerCase()}://${host}`.replace(/:(?:443|80)$/, (p) => (p === ':443' && scheme.toLowerCase() === 'https') || (p === ':80' && scheme.toLowerCase() === 'http') ? '' : p)
  const re = new RegExp(`^${origin}${path === '' ? '/(?:\\?.*)?' : antToRegExp(path)}$`, 's')
  return (url) => re.test(url)
}
