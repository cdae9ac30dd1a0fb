import { Writable } from 'node:stream'
import t from 'tap'
import { loggerOptions } from '../../src/logger.js'
import { Browser } from '../helpers/browser.js'
import { DEMO_PASSWORD, PRONOTE_ELEVE, testApp } from '../helpers/testApp.js'

const FOREIGN = /Formulaire expiré ou envoyé depuis un autre site/
const q = `?service=${encodeURIComponent(PRONOTE_ELEVE)}`

async function auditedApp (t: Parameters<typeof testApp>[0], env: Record<string, string> = {}): Promise<{ app: Awaited<ReturnType<typeof testApp>>['app'], events: () => Array<Record<string, unknown>> }> {
  const lines: string[] = []
  const stream = new Writable({ write (chunk, _enc, cb) { lines.push(String(chunk)); cb() } })
  const { app } = await testApp(t, { env, app: { logger: { ...loggerOptions('info'), stream } } })
  return { app, events: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.audit !== undefined) }
}

t.test('login CSRF: a form drawn for another client cannot sign a browser in as that client', async (t) => {
  const { app, events } = await auditedApp(t)
  // The attacker fetches a fresh form server side, with its own cookie jar…
  const attacker = new Browser(app)
  const form = Browser.hiddenFields((await attacker.get(`/login${q}`)).body)
  // …and the victim's browser, signed in or not, posts it with the attacker's credentials.
  const victim = new Browser(app)
  await victim.signIn(q, 'marc.dupont', DEMO_PASSWORD)
  const session = victim.cookies.get('TGC')
  const res = await victim.post('/login', { ...form, username: 'lea.dupont', password: DEMO_PASSWORD, rememberMe: 'true' })
  t.equal(res.statusCode, 403)
  t.match(res.body, FOREIGN)
  t.notMatch(res.body, /value="lea\.dupont"/, 'the attacker\'s login is not shown back')
  t.equal(victim.cookies.get('TGC'), session, 'the victim keeps their own session, and no other')
  t.match(Browser.hiddenFields(res.body).execution, /^ey/, 'with a fresh form')
  t.match(events().filter((e) => e.audit === 'login.refused'), [{ reason: 'unboundForm' }])

  const fresh = await victim.post('/login', { ...Browser.hiddenFields(res.body), username: 'lea.dupont', password: DEMO_PASSWORD })
  t.equal(fresh.statusCode, 302, 'the fresh form, drawn for this browser, works')
})

t.test('a browser without the pre-login cookie is refused, and given the cookie with the fresh form', async (t) => {
  const { app } = await testApp(t)
  const form = Browser.hiddenFields((await app.inject(`/login${q}`)).body)
  const b = new Browser(app)
  const res = await b.post('/login', { ...form, username: 'lea.dupont', password: DEMO_PASSWORD })
  t.equal(res.statusCode, 403)
  t.match(res.body, FOREIGN)
  t.ok(b.cookies.has('sesame-form'))
  t.equal((await b.post('/login', { ...Browser.hiddenFields(res.body), username: 'lea.dupont', password: DEMO_PASSWORD })).statusCode, 302)
})

t.test('POST /login is refused when the browser says it comes from another site (Sec-Fetch-Site or Origin), even with a bound form', async (t) => {
  const { app, events } = await auditedApp(t)
  for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { origin: 'https://evil.example' }, { origin: 'null' }, { origin: 'http://localhost:8081' }] as Array<Record<string, string>>) {
    const b = new Browser(app)
    const page = await b.get(`/login${q}`)
    const res = await b.post('/login', { ...Browser.hiddenFields(page.body), username: 'lea.dupont', password: DEMO_PASSWORD }, headers)
    t.equal(res.statusCode, 403, JSON.stringify(headers))
    t.match(res.body, FOREIGN)
    t.notOk(b.cookies.has('TGC'), 'no session')
  }
  t.equal(events().filter((e) => e.audit === 'login.refused' && e.reason === 'crossSite').length, 4, 'each refusal is in the audit log')
})

t.test('a post from Sésame\'s own page (PUBLIC_URL\'s origin, same-origin) signs in; so does a client sending neither header (curl)', async (t) => {
  const { app } = await testApp(t, { env: { PUBLIC_URL: 'https://cas.example.fr/cas' } })
  const own = { origin: 'https://cas.example.fr', 'sec-fetch-site': 'same-origin' }
  for (const headers of [own, { 'sec-fetch-site': 'same-site' }, {}] as Array<Record<string, string>>) {
    const b = new Browser(app, '/cas')
    const page = await b.get(`/login${q}`)
    const res = await b.post('/login', { ...Browser.hiddenFields(page.body), username: 'lea.dupont', password: DEMO_PASSWORD }, headers)
    t.equal(res.statusCode, 302, JSON.stringify(headers))
  }
})

t.test('the pre-login cookie is __Host- prefixed behind https (Path=/, Secure), HttpOnly and SameSite=Lax, and set once per browser', async (t) => {
  const secure = await testApp(t, { env: { PUBLIC_URL: 'https://cas.example.fr/cas' } })
  const page = await secure.app.inject('/cas/login')
  const cookie = String(page.headers['set-cookie'])
  t.match(cookie, /^__Host-sesame-form=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Lax$/)
  const b = new Browser(secure.app, '/cas')
  await b.get('/login')
  t.equal((await b.get('/login')).headers['set-cookie'], undefined, 'a browser that has it keeps it: forms in two tabs both work')

  const plain = await testApp(t, { env: { PUBLIC_URL: 'http://localhost:8080/cas' } })
  t.match(String((await plain.app.inject('/cas/login')).headers['set-cookie']), /^sesame-form=[A-Za-z0-9_-]{43}; Path=\/cas; HttpOnly; SameSite=Lax$/)
})
