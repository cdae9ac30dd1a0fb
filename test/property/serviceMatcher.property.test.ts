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
