import t from 'tap'
import { parseServices } from '../../src/services/parseServices.js'

const base = { id: 'p', name: 'P', serviceId: 'https://a.example.fr/**' }

t.test('the PRONOTE preset derives the /** pattern and the PRONOTE release from the base URL alone', async (t) => {
  const [s] = parseServices([{ id: 'pn', name: 'PRONOTE', uai: '0340000X', pronoteUrl: 'https://0340000x.index-education.net/pronote/' }], 'x')
  t.equal(s?.serviceId, 'https://0340000x.index-education.net/pronote/**')
  t.equal(s?.attributeRelease, 'pronote')
  t.equal(s?.pronoteBase, 'https://0340000x.index-education.net/pronote/')
  t.equal(s?.group, 'Scolarité')
  t.equal(s?.portal, true)
  t.ok(s?.matches('https://0340000x.index-education.net/pronote/mobile.eleve.html?fd=1'), 'every space is covered')
  t.notOk(s?.matches('https://0340000x.index-education.net/autre/'))
})

t.test('the PRONOTE preset accepts the URL with a space or without its trailing slash', async (t) => {
  for (const url of ['https://0340000x.index-education.net/pronote', 'https://0340000x.index-education.net/pronote/eleve.html', 'https://ent.example.fr/lycee/pronote/mobile.parent.html']) {
    const [s] = parseServices([{ id: 'pn', name: 'PRONOTE', pronoteUrl: url }], 'x')
    t.match(s?.serviceId, /\/pronote\/\*\*$/, url)
  }
})

t.test('a bad PRONOTE preset is refused with a line naming the entry and the field', async (t) => {
  const cases: Array<[unknown, RegExp]> = [
    [{ id: 'pn', name: 'P', pronoteUrl: 'http://a.index-education.net/pronote/' }, /\[0\]\.pronoteUrl \(id "pn"\): PRONOTE doit être en https/],
    [{ id: 'pn', name: 'P', pronoteUrl: 'https://a.index-education.net/ent/' }, /\[0\]\.pronoteUrl \(id "pn"\): .*se termine par \/pronote\//],
    [{ id: 'pn', name: 'P', pronoteUrl: 'https://a.index-education.net/pronote/?x=1' }, /\[0\]\.pronoteUrl \(id "pn"\): .*ni paramètres/],
    [{ id: 'pn', name: 'P', pronoteUrl: 'pas une url' }, /\[0\]\.pronoteUrl \(id "pn"\): "pas une url" n'est pas une URL/],
    [{ id: 'pn', name: 'P', pronoteUrl: 'https://a.index-education.net/pronote/', serviceId: 'https://a.index-education.net/**' }, /\[0\] \(id "pn"\): pronoteUrl et serviceId s'excluent/]
  ]
  for (const [entry, message] of cases) t.throws(() => parseServices([entry], 'services.json'), message)
})

t.test('a launchUrl must be a URL the service itself accepts, or its tile would end on "Application inconnue"', async (t) => {
  t.throws(() => parseServices([{ ...base, launchUrl: 'https://b.example.fr/' }], 'services.json'), /\[0\]\.launchUrl \(id "p"\): .*ne correspond pas au motif du service/)
  t.throws(() => parseServices([{ ...base, launchUrl: 'javascript:alert(1)' }], 'services.json'), /\[0\]\.launchUrl \(id "p"\): URL http\(s\) attendue/)
  const [s] = parseServices([{ ...base, launchUrl: 'https://a.example.fr/accueil' }], 'x')
  t.equal(s?.launchUrl, 'https://a.example.fr/accueil')
  t.equal(s?.portal, true, 'a service with a launchUrl is on the portal by default')
  t.equal(s?.group, 'Applications')
})

t.test('a service is on the portal only when a tile can be drawn for it', async (t) => {
  const [plain] = parseServices([base], 'x')
  t.equal(plain?.portal, false, 'no launchUrl and no PRONOTE base: not on the portal')
  t.throws(() => parseServices([{ ...base, portal: true }], 'services.json'), /\[0\]\.launchUrl \(id "p"\): obligatoire pour figurer sur le portail/)
  const [hidden] = parseServices([{ id: 'pn', name: 'P', pronoteUrl: 'https://a.index-education.net/pronote/', portal: false }], 'x')
  t.equal(hidden?.portal, false, '"portal": false hides even a PRONOTE service')
  const [regex] = parseServices([{ id: 'r', name: 'R', serviceId: '^https://a\\.example\\.fr/pronote/.*', attributeRelease: 'pronote' }], 'x')
  t.equal(regex?.pronoteBase, undefined, 'no tile is derived from a regular expression')
  t.throws(() => parseServices([{ ...base, group: '' }], 'services.json'), /\[0\]\.group/)
  t.throws(() => parseServices([{ ...base, portal: 'oui' }], 'services.json'), /\[0\]\.portal \(id "p"\): true ou false attendu/)
})

t.test('group and description are kept as written', async (t) => {
  const [s] = parseServices([{ ...base, launchUrl: 'https://a.example.fr/', group: 'Vie de l\'établissement', description: 'Menus de la semaine' }], 'x')
  t.equal(s?.group, 'Vie de l\'établissement')
  t.equal(s?.description, 'Menus de la semaine')
})
