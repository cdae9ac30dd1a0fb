import fc from 'fast-check'
import t from 'tap'
import { parseServices } from '../../src/services/parseServices.js'
import { ServiceRegistry } from '../../src/services/ServiceRegistry.js'

const HOST = '0340000x.index-education.net'
const registry = new ServiceRegistry(parseServices([
  { id: 'pronote', name: 'PRONOTE', serviceId: `https://${HOST}/pronote/**` },
  { id: 'wild', name: 'Wild', serviceId: 'https://*.ent.example.fr/app/**' },
  { id: 'regex', name: 'Regex', serviceId: '^https://portail\\.example\\.fr(/.*)?' }
], 'property'))

// Pieces that attackers put together: look-alike hosts, separators, encodings, white space.
const piece = fc.constantFrom(
  'https://', 'http://', 'HTTPS://', '//', 'https:/', 'https:\\\\', 'javascript:', '',
  HOST, HOST.toUpperCase(), 'evil.com', `${HOST}.evil.com`, `evil-${HOST}`, 'a.ent.example.fr', 'ent.example.fr', 'portail.example.fr',
  '@', ':', ':443', ':8443', ':0', '\\', '/', '#', '?', '%2f', '%2F', '%5c', '%2e', '%252f', '%00', '%40', '.', '..', '。', '\u200b',
  ' ', '\t', '\n', '\r', '\u0000', '\u00a0', '/pronote', '/pronote/', '/app/', 'eleve.html', '?fd=1', 'user:pass@', '[::1]', '127.0.0.1'
)
const candidate = fc.array(piece, { minLength: 1, maxLength: 9 }).map((parts) => parts.join(''))

t.test('the service matcher never accepts a URL whose parsed host differs from its pattern\'s', async (t) => {
  fc.assert(fc.property(candidate, (url) => {
    const match = registry.match(url)
    if (match === undefined) return true
    const parsed = new URL(url)
    const expected = match.service.id === 'pronote' ? HOST : match.service.id === 'regex' ? 'portail.example.fr' : undefined
    if (parsed.protocol !== 'https:' || parsed.port !== '' || parsed.username !== '' || parsed.password !== '') return false
    return expected === undefined ? /^[a-z0-9-]+\.ent\.example\.fr$/.test(parsed.hostname) : parsed.hostname === expected
  }), { numRuns: 20000 })
  t.pass('20,000 crafted URLs')
})

t.test('the service matcher never accepts an arbitrary string unless it parses to the pattern\'s host', async (t) => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 80 }).map((s) => `https://${HOST}/pronote/${s}`), fc.string({ maxLength: 20 }), (tail, prefix) => {
    for (const url of [tail, prefix + tail]) {
      const match = registry.match(url)
      if (match !== undefined && new URL(url).hostname !== HOST) return false
    }
    return true
  }), { numRuns: 5000 })
  t.pass()
})

// Whole URLs built part by part, so that every attack shape is drawn often: a random glue of
// pieces rarely builds a three- or four-part trick (a matcher accepting any host suffix passed it).
const structured = fc.tuple(
  fc.constantFrom('https://', 'http://', 'HTTPS://', 'https:/', 'https:\\\\', '//', 'https:///', 'https:%2f%2f'),
  fc.constantFrom('', `${HOST}@`, 'user:pass@', `${HOST}%40`, `${HOST}:443@`, '@'),
  fc.constantFrom(HOST, HOST.toUpperCase(), `${HOST}.evil.com`, 'evil.com', `${HOST}.`, `${HOST}%2eevil.com`, `evil.com\\${HOST}`, `${HOST}\u3002evil.com`, `x${HOST}`, `${HOST}\u200b`, 'a.ent.example.fr', 'a.b.ent.example.fr', 'ent.example.fr.evil.com', 'portail.example.fr', 'portail.example.fr.evil.com'),
  fc.constantFrom('', ':443', ':8443', ':0', ':443@evil.com', ':80'),
  fc.constantFrom('/pronote', '/pronote/', '/pronote/eleve.html', '\\pronote', '/pronote/%2e%2e/x', '#@evil.com/pronote', '?@evil.com', '/app/', '/app/x', '',
    '/pronote/..;/x', '/pronote/.;x/', '/pronote/..;jsessionid=1/admin', '/pronote/%2e%2e;/x', '/app/..;/x', '/pronote/eleve.html;jsessionid=1'),
  fc.constantFrom('', '#x', '?a=1', '\\@evil.com', '@evil.com', '/../../', '%00', ' ')
).map((parts) => parts.join(''))

t.test('the service matcher never accepts a URL built from attack parts whose parsed host or port differs from its pattern\'s', async (t) => {
  let accepted = 0
  fc.assert(fc.property(structured, (url) => {
    const match = registry.match(url)
    if (match === undefined) return true
    accepted++
    const parsed = new URL(url)
    const expected = match.service.id === 'pronote' ? HOST : match.service.id === 'regex' ? 'portail.example.fr' : undefined
    if (parsed.protocol !== 'https:' || parsed.port !== '' || parsed.username !== '' || parsed.password !== '') return false
    return expected === undefined ? /^[a-z0-9-]+\.ent\.example\.fr$/.test(parsed.hostname) : parsed.hostname === expected
  }), { numRuns: 20000 })
  t.ok(accepted > 0, `legitimate combinations are drawn too and accepted (${accepted} of 20,000)`)
})

// What a servlet container makes of a path: `;` parameters dropped from each segment, then decoded.
const servletSegments = (path: string): string[] => path.split('/').map((s) => {
  try { return decodeURIComponent(s).split(';')[0] as string } catch { return s.split(';')[0] as string }
})

t.test('the service matcher never accepts a URL whose path holds a dot segment once `;` parameters are dropped', async (t) => {
  const segment = fc.constantFrom('..;', '.;', '..;x', '.;jsessionid=1', '..;a;b', '%2e%2e;', '.%2e;', '..%3b', '..', '.', 'x', 'eleve.html', 'a;b', '...;', '')
  const url = fc.array(segment, { minLength: 1, maxLength: 5 }).chain((segments) => fc.constantFrom(
    `https://${HOST}/pronote/${segments.join('/')}`,
    `https://a.ent.example.fr/app/${segments.join('/')}`,
    `https://portail.example.fr/${segments.join('/')}`
  ))
  let accepted = 0
  fc.assert(fc.property(url, (candidate) => {
    if (registry.match(candidate) === undefined) return true
    accepted++
    const rawPath = candidate.slice(candidate.indexOf('/', 'https://'.length)).split(/[?#]/)[0] as string
    return !servletSegments(rawPath).some((s) => s === '.' || s === '..')
  }), { numRuns: 5000 })
  t.ok(accepted > 0, `paths without dot segments are drawn too and accepted (${accepted} of 5,000)`)
})
