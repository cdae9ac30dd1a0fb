import t from 'tap'
import { Browser, ticketOf } from '../helpers/browser.js'
import { DEMO_PASSWORD, PRONOTE_ELEVE, testApp } from '../helpers/testApp.js'

const enc = encodeURIComponent

for (const store of ['memory', 'redis'] as const) {
  t.test(`logout ends the session and its outstanding tickets (${store} store)`, async (t) => {
    const { app } = await testApp(t, { store })
    const b = new Browser(app)
    const st = ticketOf(await b.signIn(`?service=${enc(PRONOTE_ELEVE)}`, 'lea.dupont', DEMO_PASSWORD)) as string
    const res = await b.get('/logout')
    t.equal(res.statusCode, 200)
    t.match(res.body, /Vous êtes déconnecté/)
    t.match(String(res.headers['set-cookie']), /^TGC=; .*Expires=Thu, 01 Jan 1970/)
    t.match((await app.inject(`/serviceValidate?service=${enc(PRONOTE_ELEVE)}&ticket=${st}`)).body, /INVALID_TICKET/, 'outstanding ticket ended')
    const again = await b.get(`/login?service=${enc(PRONOTE_ELEVE)}`)
    t.equal(again.statusCode, 200, 'no single sign-on after logout')
    t.match(again.body, /name="password"/)
  })
}

t.test('logout with a registered service redirects to it', async (t) => {
  const { app } = await testApp(t)
  const res = await app.inject(`/logout?service=${enc('https://ent.example.fr/au-revoir')}`)
  t.equal(res.statusCode, 302)
  t.equal(res.headers.location, 'https://ent.example.fr/au-revoir')
  t.equal(res.headers['cache-control'], 'no-store')
})

t.test('logout never redirects to an unregistered service: it shows "déconnecté"', async (t) => {
  const { app } = await testApp(t)
  for (const service of ['https://evil.example.com/', 'https://ent.example.fr@evil.example.com/', 'javascript:alert(1)', '//evil.example.com']) {
    const res = await app.inject(`/logout?service=${enc(service)}`)
    t.equal(res.statusCode, 200, service)
    t.equal(res.headers.location, undefined, service)
    t.match(res.body, /déconnecté/)
  }
})

t.test('the session of another browser is untouched by a logout', async (t) => {
  const { app } = await testApp(t)
  const a = new Browser(app)
  const b = new Browser(app)
  await a.signIn('', 'lea.dupont', DEMO_PASSWORD)
  await b.signIn('', 'marc.dupont', DEMO_PASSWORD)
  await a.get('/logout')
  t.match((await b.get('/login')).body, /Vous êtes connecté/)
})
