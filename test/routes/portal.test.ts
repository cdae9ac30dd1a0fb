import t, { type Test } from 'tap'
import { Browser, ticketOf } from '../helpers/browser.js'
import { DEMO_PASSWORD, testApp } from '../helpers/testApp.js'

/** Two PRONOTE servers made with the preset; the first one closed to other staff. */
const PORTAL_SERVICES = [
  { id: 'pronote-x', name: 'PRONOTE — Lycée Joffre', uai: '0340000X', pronoteUrl: 'https://0340000x.index-education.net/pronote/', access: ['eleve', 'parent', 'enseignant'], evaluationOrder: 10 },
  { id: 'pronote-y', name: 'PRONOTE — Collège Clemenceau', uai: '0340001Y', pronoteUrl: 'https://0340001y.index-education.net/pronote/', evaluationOrder: 20 }
]

function tileLinks (html: string): string[] {
  return [...html.matchAll(/<a class="tile" href="([^"]+)"/g)].map((m) => (m[1] as string).replace(/&amp;/g, '&'))
}

async function signedIn (t: Test, login: string): Promise<{ b: Browser, page: string }> {
  const { app } = await testApp(t, { services: PORTAL_SERVICES })
  const b = new Browser(app)
  const res = await b.signIn('', login, DEMO_PASSWORD)
  t.equal(res.statusCode, 200, 'signing in without a service shows the portal')
  return { b, page: res.body }
}

t.test('GET / without a session sends the person to the sign-in form', async (t) => {
  const { app } = await testApp(t, { services: PORTAL_SERVICES })
  const res = await app.inject('/')
  t.equal(res.statusCode, 302)
  t.equal(res.headers.location, '/login')
})

t.test('a pupil sees "Mes services" with her PRONOTE and reaches it with a ticket, typing no password', async (t) => {
  const { b, page } = await signedIn(t, 'lea.dupont')
  t.match(page, /<h1>Mes services<\/h1>/)
  t.match(page, /<h2 id="groupe-0">Scolarité<\/h2>/)
  const links = tileLinks(page)
  t.same(links, [`/login?service=${encodeURIComponent('https://0340000x.index-education.net/pronote/eleve.html')}`])
  const home = await b.get('/')
  t.same(tileLinks(home.body), links, '/ shows the same page')
  const res = await b.get(links[0] as string)
  t.equal(res.statusCode, 302)
  t.match(res.headers.location, /^https:\/\/0340000x\.index-education\.net\/pronote\/eleve\.html\?ticket=ST-/)
  t.ok(ticketOf(res))
})

t.test('a parent with children in two schools sees two PRONOTE tiles, each giving a ticket for its own school', async (t) => {
  const { b, page } = await signedIn(t, 'marc.dupont')
  const links = tileLinks(page)
  t.same(links.map((l) => decodeURIComponent(l.replace('/login?service=', ''))), [
    'https://0340000x.index-education.net/pronote/parent.html',
    'https://0340001y.index-education.net/pronote/parent.html'
  ])
  t.match(page, /PRONOTE — Lycée Joffre[\s\S]*PRONOTE — Collège Clemenceau/, 'tiles named by establishment')
  for (const link of links) {
    const res = await b.get(link)
    t.equal(res.statusCode, 302, link)
    t.ok(ticketOf(res), 'a ticket without a password')
  }
})

t.test('a teacher\'s tile opens the teachers\' space', async (t) => {
  const { page } = await signedIn(t, 'anne-sophie.lefevre')
  t.same(tileLinks(page), [`/login?service=${encodeURIComponent('https://0340000x.index-education.net/pronote/professeur.html')}`])
})

t.test('a person with nothing to open is told so, in French, and sees no tile', async (t) => {
  const { page } = await signedIn(t, 'paul.garcia')
  t.same(tileLinks(page), [])
  t.match(page, /Aucune application n'est ouverte à votre profil/)
})

t.test('the portal escapes what services and people carry', async (t) => {
  const { app } = await testApp(t, {
    services: [{ id: 'x', name: '<script>alert(1)</script>', serviceId: 'https://a.example.fr/**', launchUrl: 'https://a.example.fr/?a=1&b="2"', group: '<b>G</b>', description: '<i>d</i>' }]
  })
  const b = new Browser(app)
  const page = (await b.signIn('', 'lea.dupont', DEMO_PASSWORD)).body
  t.notMatch(page, /<script>alert|<b>G<\/b>|<i>d<\/i>/)
  t.match(page, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/)
})
