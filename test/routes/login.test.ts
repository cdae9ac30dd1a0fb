import { createHash } from 'node:crypto'
import t from 'tap'
import { SignJWT } from 'jose'
import { Browser, ticketOf } from '../helpers/browser.js'
import { DEMO_PASSWORD, PRONOTE, PRONOTE_ELEVE, testApp } from '../helpers/testApp.js'

const q = (service: string, extra = ''): string => `?service=${encodeURIComponent(service)}${extra}`

t.test('a person signs in through the form and is sent back to the service with a service ticket', async (t) => {
  const { app } = await testApp(t)
  const b = new Browser(app)
  const res = await b.signIn(q(PRONOTE_ELEVE), 'lea.dupont', DEMO_PASSWORD)
  t.equal(res.statusCode, 302)
  t.match(res.headers.location, /^https:\/\/0340000x\.index-education\.net\/pronote\/eleve\.html\?ticket=ST-[A-Za-z0-9-]+$/)
  t.ok(b.cookies.get('TGC')?.startsWith('TGT-'))
})

t.test('single sign-on: a second visit with the ticket-granting cookie gets a ticket without the form', async (t) => {
  const { app } = await testApp(t)
  const b = new Browser(app)
  await b.signIn(q(PRONOTE_ELEVE), 'lea.dupont', DEMO_PASSWORD)
  const res = await b.get(`/login${q(`${PRONOTE}mobile.eleve.html?fd=1`)}`)
  t.equal(res.statusCode, 302)
  t.match(res.headers.location, /^https:\/\/0340000x\.index-education\.net\/pronote\/mobile\.eleve\.html\?fd=1&ticket=ST-/)
})

t.test('the ticket-granting cookie is HttpOnly, SameSite=Lax, scoped to the base path, and a session cookie by default', async (t) => {
  const { app } = await testApp(t, { env: { PUBLIC_URL: 'https://cas.example.fr/cas' } })
  const b = new Browser(app, '/cas')
  const res = await b.signIn(q(PRONOTE_ELEVE), 'lea.dupont', DEMO_PASSWORD)
  const cookie = String(res.headers['set-cookie'])
  t.match(cookie, /^TGC=TGT-[A-Za-z0-9]+; Path=\/cas; HttpOnly; Secure; SameSite=Lax$/)
  t.notMatch(cookie, /Max-Age|Expires/)
})

t.test('the cookie is not Secure when PUBLIC_URL is http', async (t) => {
  const { app } = await testApp(t)
  const res = await new Browser(app).signIn(q(PRONOTE_ELEVE), 'lea.dupont', DEMO_PASSWORD)
  t.notMatch(String(res.headers['set-cookie']), /Secure/)
})

t.test('"Se souvenir de moi" is unchecked by default and, when ticked, makes a long-term cookie and session', async (t) => {
  const { app } = await testApp(t, { env: { REMEMBER_ME_TTL_SECONDS: '86400' } })
  const b = new Browser(app)
  const page = await b.get(`/login${q(PRONOTE_ELEVE)}`)
  t.match(page.body, /<input type="checkbox" name="rememberMe" value="true">/)
  const res = await b.post('/login', { ...Browser.hiddenFields(page.body), username: 'lea.dupont', password: DEMO_PASSWORD, rememberMe: 'true' })
  t.match(String(res.headers['set-cookie']), /Max-Age=86400/)
  const st = ticketOf(res) as string
  const v = await app.inject(`/p3/serviceValidate?service=${encodeURIComponent(PRONOTE_ELEVE)}&ticket=${st}`)
  t.match(v.body, /<cas:longTermAuthenticationRequestTokenUsed>true</)
})

t.test('the login page is in French, offers each directory by its label, and is served under PUBLIC_URL\'s path', async (t) => {
  const { FileDirectory } = await import('../../src/directory/FileDirectory.js')
  const directories = [
    await FileDirectory.load('aten', 'Élève ou parent', 'config/demo-users.json'),
    await FileDirectory.load('arena', 'Personnel Éducation nationale', 'config/demo-users.json')
  ]
  const { app } = await testApp(t, { env: { PUBLIC_URL: 'https://cas.example.fr/cas' }, directories })
  const root = await app.inject('/login')
  t.equal(root.statusCode, 404, 'nothing at the root when PUBLIC_URL has a path')
  const page = await app.inject('/cas/login?selection=arena')
  t.equal(page.statusCode, 200)
  t.match(page.body, /<html lang="fr">/)
  t.match(page.body, /action="\/cas\/login"/)
  t.match(page.body, /value="aten" required> Élève ou parent/)
  t.match(page.body, /value="arena" required checked> Personnel Éducation nationale/, 'selection preselects a directory')
  t.match((await app.inject('/cas/login?directory=aten')).body, /value="aten" required checked>/, 'so does directory')
})

t.test('login and redirect responses are never cached', async (t) => {
  const { app } = await testApp(t)
  const b = new Browser(app)
  for (const res of [await b.get(`/login${q(PRONOTE_ELEVE)}`), await b.signIn(q(PRONOTE_ELEVE), 'lea.dupont', DEMO_PASSWORD)]) {
    t.equal(res.headers['cache-control'], 'no-store')
    t.equal(res.headers.pragma, 'no-cache')
    t.ok(new Date(String(res.headers.expires)).getTime() < Date.now())
  }
})

t.test('a wrong password shows the form again with "Identifiant ou mot de passe incorrect", and no session', async (t) => {
  const { app } = await testApp(t)
  const b = new Browser(app)
  const res = await b.signIn(q(PRONOTE_ELEVE), 'lea.dupont', 'wrong')
  t.equal(res.statusCode, 401)
  t.match(res.body, /role="alert">Identifiant ou mot de passe incorrect/)
  t.match(res.body, /value="lea\.dupont"/, 'the login is kept in the form')
  t.notOk(b.cookies.has('TGC'))
  const unknown = await new Browser(app).signIn(q(PRONOTE_ELEVE), 'nobody', 'wrong')
  t.match(unknown.body, /Identifiant ou mot de passe incorrect/, 'an unknown login gets the same message')
})

t.test('an empty password is refused before the directory is asked', async (t) => {
  let asked = false
  const directory = { id: 'd', label: 'D', authenticate: async () => { asked = true; throw new Error('asked') }, peopleOf: async function * () {}, ping: async () => true, close: async () => {} }
  const { app } = await testApp(t, { directories: [directory] })
  const res = await new Browser(app).signIn('', 'lea.dupont', '')
  t.equal(res.statusCode, 400)
  t.match(res.body, /Saisissez votre identifiant et votre mot de passe/)
  t.notOk(asked)
})

t.test('the execution token: a replayed form is refused', async (t) => {
  const { app } = await testApp(t)
  const b = new Browser(app)
  const page = await b.get('/login')
  const form = { ...Browser.hiddenFields(page.body), username: 'lea.dupont', password: DEMO_PASSWORD }
  t.equal((await b.post('/login', form)).statusCode, 200)
  const replay = await b.post('/login', form)
  t.equal(replay.statusCode, 400)
  t.match(replay.body, /déjà été envoyé/)
  t.equal((await new Browser(app).post('/login', form)).statusCode, 403, 'and another browser cannot post it at all')
})

t.test('the execution token: a missing or forged token is refused', async (t) => {
  const { app } = await testApp(t)
  const missing = await new Browser(app).post('/login', { username: 'lea.dupont', password: DEMO_PASSWORD })
  t.equal(missing.statusCode, 400)
  const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setJti('x').setAudience('sesame:login').setExpirationTime('5m')
    .sign(new TextEncoder().encode('another-secret-another-secret-another'))
  const res = await new Browser(app).post('/login', { execution: forged, username: 'lea.dupont', password: DEMO_PASSWORD })
  t.equal(res.statusCode, 400)
  t.match(res.body, /plus valable/)
})

t.test('the execution token: an expired token is refused', async (t) => {
  const secret = 'a-test-secret-of-at-least-32-characters!'
  const { app } = await testApp(t, { env: { CAS_SECRET: secret } })
  const expired = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setJti('old').setAudience('sesame:login')
    .setIssuedAt(Math.floor(Date.now() / 1000) - 3600).setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(new TextEncoder().encode(secret))
  const res = await new Browser(app).post('/login', { execution: expired, username: 'lea.dupont', password: DEMO_PASSWORD })
  t.equal(res.statusCode, 400)
  t.match(res.body, /a expiré/)
})

t.test('CAS_SECRET rotation: a form signed with the previous secret is still accepted', async (t) => {
  const old = 'the-previous-secret-of-at-least-32-chars'
  const { app } = await testApp(t, { env: { CAS_SECRET: `the-new-secret-of-at-least-32-characters,${old}` } })
  const b = new Browser(app)
  await b.get('/login')
  // Bound to the browser's pre-login cookie, as a form drawn before the rotation was.
  const bnd = createHash('sha256').update(b.cookies.get('sesame-form') as string).digest('base64url')
  const token = await new SignJWT({ bnd }).setProtectedHeader({ alg: 'HS256' }).setJti('rot').setAudience('sesame:login').setExpirationTime('5m')
    .sign(new TextEncoder().encode(old))
  const res = await b.post('/login', { execution: token, username: 'lea.dupont', password: DEMO_PASSWORD })
  t.equal(res.statusCode, 200)
  t.match(res.body, /Vous êtes connecté/)
})

t.test('without a service, signing in shows the signed-in page; a later visit shows it without the form', async (t) => {
  const { app } = await testApp(t)
  const b = new Browser(app)
  const res = await b.signIn('', 'lea.dupont', DEMO_PASSWORD)
  t.match(res.body, /Vous êtes connecté[\s\S]*Léa DUPONT/)
  t.match((await b.get('/login')).body, /Vous êtes connecté/)
})

t.test('an unregistered service gets "Application non autorisée" and no redirect, before and after sign-in', async (t) => {
  const { app } = await testApp(t)
  const b = new Browser(app)
  const res = await b.get(`/login${q('https://evil.example.com/')}`)
  t.equal(res.statusCode, 403)
  t.equal(res.headers.location, undefined)
  t.match(res.body, /Application non autorisée/)
  await b.signIn('', 'lea.dupont', DEMO_PASSWORD)
  const again = await b.get(`/login${q('https://evil.example.com/')}`)
  t.equal(again.statusCode, 403)
  t.equal(again.headers.location, undefined)
})

t.test('renew=true asks for the password even with a session, and the ticket then comes from a new login', async (t) => {
  const { app } = await testApp(t)
  const b = new Browser(app)
  await b.signIn('', 'lea.dupont', DEMO_PASSWORD)
  const page = await b.get(`/login${q(PRONOTE_ELEVE, '&renew=true')}`)
  t.equal(page.statusCode, 200)
  t.match(page.body, /name="password"/)
  t.match(page.body, /name="renew" value="true"/)
  const res = await b.post('/login', { ...Browser.hiddenFields(page.body), username: 'lea.dupont', password: DEMO_PASSWORD })
  const v = await app.inject(`/serviceValidate?service=${encodeURIComponent(PRONOTE_ELEVE)}&ticket=${ticketOf(res) as string}&renew=true`)
  t.match(v.body, /<cas:authenticationSuccess>/)
})

t.test('gateway=true without a session returns to the service with no ticket', async (t) => {
  const { app } = await testApp(t)
  const res = await app.inject(`/login${q(PRONOTE_ELEVE, '&gateway=true')}`)
  t.equal(res.statusCode, 302)
  t.equal(res.headers.location, PRONOTE_ELEVE)
})

t.test('gateway=true with a session returns with a ticket', async (t) => {
  const { app } = await testApp(t)
  const b = new Browser(app)
  await b.signIn('', 'lea.dupont', DEMO_PASSWORD)
  const res = await b.get(`/login${q(PRONOTE_ELEVE, '&gateway=true')}`)
  t.ok(ticketOf(res))
})

t.test('renew beats gateway: both set shows the form', async (t) => {
  const { app } = await testApp(t)
  const res = await app.inject(`/login${q(PRONOTE_ELEVE, '&gateway=true&renew=true')}`)
  t.equal(res.statusCode, 200)
  t.match(res.body, /name="password"/)
})

t.test('warn=true shows a confirmation page before single sign-on, and the ticket is issued when the person confirms, not when the page is drawn', async (t) => {
  const { app } = await testApp(t)
  const b = new Browser(app)
  await b.signIn('', 'lea.dupont', DEMO_PASSWORD)
  const before = (await app.inject('/metrics')).body
  const res = await b.get(`/login${q(PRONOTE_ELEVE, '&warn=true')}`)
  t.equal(res.statusCode, 200)
  t.equal(res.headers.location, undefined)
  t.match(res.body, /PRONOTE — Lycée Joffre/)
  t.notMatch(res.body, /ST-/, 'no ticket in the page: it would expire while the person reads')
  t.equal((await app.inject('/metrics')).body.match(/^sesame_service_tickets_issued_total\{via="sso"\} (\d+)$/m)?.[1], before.match(/^sesame_service_tickets_issued_total\{via="sso"\} (\d+)$/m)?.[1], 'no ticket issued by drawing the page')
  const href = /href="([^"]+)">Continuer/.exec(res.body)?.[1]?.replaceAll('&amp;', '&') ?? ''
  t.equal(href, `/login?service=${encodeURIComponent(PRONOTE_ELEVE)}`, '"Continuer" goes back to Sésame for the same service, without warn')
  const confirmed = await b.get(href)
  t.equal(confirmed.statusCode, 302)
  const ticket = ticketOf(confirmed) as string
  t.match(confirmed.headers.location, /^https:\/\/0340000x\.index-education\.net\/pronote\/eleve\.html\?ticket=ST-/)
  t.match((await app.inject(`/serviceValidate?service=${encodeURIComponent(PRONOTE_ELEVE)}&ticket=${ticket}`)).body, /<cas:user>lea\.dupont<\/cas:user>/, 'the ticket issued on confirmation validates')
})

t.test('warn=true with method=POST: "Continuer" keeps method=POST', async (t) => {
  const { app } = await testApp(t)
  const b = new Browser(app)
  await b.signIn('', 'lea.dupont', DEMO_PASSWORD)
  const res = await b.get(`/login${q(PRONOTE_ELEVE, '&warn=true&method=POST')}`)
  const href = /href="([^"]+)">Continuer/.exec(res.body)?.[1]?.replaceAll('&amp;', '&') ?? ''
  const confirmed = await b.get(href)
  t.match(confirmed.body, /<input type="hidden" name="ticket" value="ST-[A-Za-z0-9]+">/)
})

t.test('method=POST sends the ticket in an auto-submitting form, with no inline script', async (t) => {
  const { app } = await testApp(t)
  const b = new Browser(app)
  const res = await b.signIn(q(PRONOTE_ELEVE, '&method=POST'), 'lea.dupont', DEMO_PASSWORD)
  t.equal(res.statusCode, 200)
  t.match(res.body, /<form method="post" action="https:\/\/0340000x\.index-education\.net\/pronote\/eleve\.html" data-autosubmit>/)
  t.match(res.body, /<input type="hidden" name="ticket" value="ST-[A-Za-z0-9]+">/)
  t.match(res.body, /<script src="\/static\/autosubmit\.js" defer><\/script>/)
  t.notMatch(res.body, /<script>/)
  t.match(res.headers['content-security-policy'], /form-action https:\/\/0340000x\.index-education\.net/)
})

t.test('a person whose profile is not allowed gets "Accès refusé" (403) naming the service, and no ticket', async (t) => {
  const { app } = await testApp(t)
  const b = new Browser(app)
  // marc.dupont is a parent in 0340001Y, whose PRONOTE here only lets pupils in.
  const res = await b.signIn(q('https://0340001y.index-education.net/pronote/parent.html'), 'marc.dupont', DEMO_PASSWORD)
  t.equal(res.statusCode, 403)
  t.match(res.body, /Accès refusé[\s\S]*PRONOTE — Collège Clemenceau \(élèves\)/)
  t.equal(res.headers.location, undefined)
  t.ok(b.cookies.has('TGC'), 'the person is still signed in')
})

t.test('a person from another establishment gets "Accès refusé"', async (t) => {
  const { app } = await testApp(t)
  const res = await new Browser(app).signIn(q('https://0340001y.index-education.net/pronote/eleve.html'), 'lea.dupont', DEMO_PASSWORD)
  t.equal(res.statusCode, 403)
})

t.test('a directory that cannot answer gives a 503 page in French, without details', async (t) => {
  const { DirectoryUnavailableError } = await import('../../src/directory/DirectoryUnavailableError.js')
  const directory = { id: 'd', label: 'D', authenticate: async () => { throw new DirectoryUnavailableError('d', new Error('ECONNREFUSED 10.0.0.1:389')) }, peopleOf: async function * () {}, ping: async () => false, close: async () => {} }
  const { app } = await testApp(t, { directories: [directory] })
  const res = await new Browser(app).signIn('', 'lea.dupont', 'x')
  t.equal(res.statusCode, 503)
  t.match(res.body, /momentanément indisponible/)
  t.notMatch(res.body, /ECONNREFUSED|at .*\.ts/)
})

t.test('a service parameter given twice is refused', async (t) => {
  const { app } = await testApp(t)
  const res = await app.inject(`/login${q(PRONOTE_ELEVE)}&service=https%3A%2F%2Fevil.example.com%2F`)
  t.equal(res.statusCode, 400)
  t.equal(res.headers.location, undefined)
})

t.test('every reflected value on the login page is escaped', async (t) => {
  const { app } = await testApp(t)
  const res = await new Browser(app).signIn('', '"><script>alert(1)</script>', 'x')
  t.notMatch(res.body, /<script>alert/)
  t.match(res.body, /&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;/)
})

t.test('pages carry a CSP without inline script, no framing and no referrer to other sites', async (t) => {
  const { app } = await testApp(t)
  const res = await app.inject('/login')
  t.match(res.headers['content-security-policy'], /script-src 'self'/)
  t.notMatch(res.headers['content-security-policy'], /unsafe-inline/)
  t.match(res.headers['content-security-policy'], /frame-ancestors 'none'/)
  // The form names its origin to POST /login (under no-referrer browsers send Origin: null), to no one else.
  t.equal(res.headers['referrer-policy'], 'same-origin')
  t.equal((await app.inject('/logout')).headers['referrer-policy'], 'no-referrer', 'every other page sends no referrer')
  t.equal(res.headers['x-content-type-options'], 'nosniff')
})

t.test('credentials are never logged', async (t) => {
  const lines: string[] = []
  const { Writable } = await import('node:stream')
  const stream = new Writable({ write (chunk, _enc, cb) { lines.push(String(chunk)); cb() } })
  const { app } = await testApp(t, { env: { LOG_LEVEL: 'trace' }, app: { logger: { level: 'trace', stream } } })
  const b = new Browser(app)
  await b.signIn('', 'lea.dupont', 'Le-Mot-De-Passe-Secret')
  await b.signIn('', 'lea.dupont', DEMO_PASSWORD)
  const all = lines.join('\n')
  t.ok(all.length > 0, 'something was logged')
  t.notMatch(all, /Le-Mot-De-Passe-Secret/)
  t.notMatch(all, new RegExp(`password[^,]*${DEMO_PASSWORD}`))
})

t.test('a directory outage is logged once when it starts and once when it ends, not per sign-in', async (t) => {
  const { DirectoryUnavailableError } = await import('../../src/directory/DirectoryUnavailableError.js')
  const { AuthenticationError } = await import('../../src/directory/AuthenticationError.js')
  let up = false
  const directory = {
    id: 'd',
    label: 'D',
    authenticate: async () => { throw up ? new AuthenticationError('invalidCredentials') : new DirectoryUnavailableError('d', new Error('down')) },
    peopleOf: async function * () {},
    ping: async () => up,
    close: async () => {}
  }
  const lines: string[] = []
  const { Writable } = await import('node:stream')
  const stream = new Writable({ write (chunk, _enc, cb) { lines.push(String(chunk)); cb() } })
  const { app } = await testApp(t, { directories: [directory], app: { logger: { level: 'info', stream } } })
  for (let i = 0; i < 3; i++) t.equal((await new Browser(app).signIn('', 'x', 'y')).statusCode, 503)
  up = true
  for (let i = 0; i < 2; i++) t.equal((await new Browser(app).signIn('', 'x', 'y')).statusCode, 401)
  t.equal(lines.filter((l) => l.includes('"directory.down"')).length, 1)
  t.equal(lines.filter((l) => l.includes('"directory.up"')).length, 1)
})
