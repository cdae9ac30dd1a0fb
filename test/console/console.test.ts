import t from 'tap'
import { Browser } from '../helpers/browser.js'
import { MemoryLinkStore } from '../../src/pronote/MemoryLinkStore.js'
import { consoleApp, csrfOf, openConsole } from './consoleHelpers.js'

t.test('not signed in, the console sends the person to Sésame\'s own /login, as a CAS client of it', async (t) => {
  const { app } = await consoleApp(t)
  const res = await app.inject('/admin/etablissements/0340000X/liens')
  t.equal(res.statusCode, 302)
  const to = new URL(res.headers.location as string, 'http://localhost:8080')
  t.equal(to.pathname, '/login')
  t.equal(to.searchParams.get('service'), 'http://localhost:8080/admin/connexion?next=%2Fadmin%2Fetablissements%2F0340000X%2Fliens')
})

t.test('an admin signs in with their usual account and lands on the page they asked for, with a console cookie of its own', async (t) => {
  const { app } = await consoleApp(t)
  const b = new Browser(app)
  const page = await openConsole(b, '/admin/', 'anne-sophie.lefevre')
  t.equal(page.statusCode, 200)
  t.match(page.body, /<h1>Établissements<\/h1>/)
  t.match(page.body, /0340000X/)
  t.notMatch(page.body, /0340001Y/, 'only the establishments the admin manages')
  t.ok(b.cookies.has('sesame_console'))
})

t.test('the console cookie is HttpOnly, SameSite=Strict, scoped to /admin, and Secure behind https', async (t) => {
  const { app } = await consoleApp(t, { env: { PUBLIC_URL: 'https://cas.example.fr/cas' } })
  const b = new Browser(app, '/cas')
  const first = await b.get('/admin/')
  const toLogin = new URL(first.headers.location as string, 'https://cas.example.fr')
  t.equal(toLogin.pathname, '/cas/login')
  const signedIn = await b.signIn(toLogin.search, 'anne-sophie.lefevre', 'demo')
  const callback = new URL(signedIn.headers.location as string)
  t.equal(callback.pathname, '/cas/admin/connexion')
  const res = await app.inject({ url: callback.pathname + callback.search, cookies: Object.fromEntries(b.cookies) })
  t.equal(res.statusCode, 302)
  t.equal(res.headers.location, '/cas/admin/')
  t.match(String(res.headers['set-cookie']), /^sesame_console=[^;]+; Max-Age=7200; Path=\/cas\/admin; HttpOnly; Secure; SameSite=Strict$/)
})

t.test('a signed-in person who is not an admin gets a 403 page in French', async (t) => {
  const { app } = await consoleApp(t)
  const page = await openConsole(new Browser(app), '/admin/', 'lea.dupont')
  t.equal(page.statusCode, 403)
  t.match(page.body, /réservée aux administrateurs/)
})

t.test('an admin of another establishment cannot reach 0340000X by URL: pages, forms and downloads', async (t) => {
  const links = new MemoryLinkStore()
  await links.addLinks('0340000X', [{ uai: '0340000X', idpn: 'A8BT6EGHDW3QFPXC', uid: 'lea.dupont', category: 1, source: 'import', linkedAt: '2026-09-01T00:00:00Z' }])
  const { app } = await consoleApp(t, { links })
  const b = new Browser(app)
  const own = await openConsole(b, '/admin/etablissements/0340001Y/liens', 'paul.garcia')
  t.equal(own.statusCode, 200)
  const csrf = csrfOf(own.body)
  for (const url of ['/admin/etablissements/0340000X/liens', '/admin/etablissements/0340000x/liens.csv']) {
    const res = await b.get(url)
    t.equal(res.statusCode, 403, url)
    t.match(res.body, /Vous n&#39;administrez pas l&#39;établissement 0340000X/)
  }
  const unlink = await b.post('/admin/etablissements/0340000X/liens/A8BT6EGHDW3QFPXC/suppression', { csrf })
  t.equal(unlink.statusCode, 403)
  t.equal((await links.listEstablishment('0340000X')).length, 1, 'nothing changed')
})

t.test('a form without the console\'s CSRF token changes nothing', async (t) => {
  const links = new MemoryLinkStore()
  await links.addLinks('0340000X', [{ uai: '0340000X', idpn: 'A8BT6EGHDW3QFPXC', uid: 'lea.dupont', category: 1, source: 'import', linkedAt: '2026-09-01T00:00:00Z' }])
  const { app } = await consoleApp(t, { links })
  const b = new Browser(app)
  await openConsole(b, '/admin/', 'anne-sophie.lefevre')
  const res = await b.post('/admin/etablissements/0340000X/liens/A8BT6EGHDW3QFPXC/suppression', { csrf: 'forged' })
  t.equal(res.statusCode, 403)
  t.match(res.body, /Formulaire expiré/)
  t.equal((await links.listEstablishment('0340000X')).length, 1)
})

t.test('on the links page an admin searches, links by hand, downloads the CSV and unlinks', async (t) => {
  const links = new MemoryLinkStore()
  await links.addLinks('0340000X', [{ uai: '0340000X', idpn: 'A8BT6EGHDW3QFPXC', uid: 'lea.dupont', category: 1, source: 'import', linkedAt: '2026-09-01T00:00:00Z' }])
  const { app } = await consoleApp(t, { links })
  const b = new Browser(app)
  const page = await openConsole(b, '/admin/etablissements/0340000X/liens', 'anne-sophie.lefevre')
  t.match(page.body, /DUPONT Léa/, 'people named from the directory')
  t.match((await b.get('/admin/etablissements/0340000X/liens?q=dupont%20lea')).body, /A8BT6EGHDW3QFPXC/, 'search folds case, accents and order of words')
  t.notMatch((await b.get('/admin/etablissements/0340000X/liens?q=garcia')).body, /<code>A8BT6EGHDW3QFPXC/)
  t.notMatch((await b.get('/admin/etablissements/0340000X/liens?origine=manual')).body, /<code>A8BT6EGHDW3QFPXC/, 'filter by how the link was made')
  const linked = await b.post('/admin/etablissements/0340000X/liens', { csrf: csrfOf(page.body), idpn: 'K9M2N4B6V8C1X3ZA', uid: 'anne-sophie.lefevre', categorie: '3' })
  t.equal(linked.statusCode, 200)
  t.match(linked.body, /IDPN K9M2N4B6V8C1X3ZA lié à anne-sophie\.lefevre/)
  t.same((await links.linksOf('anne-sophie.lefevre', '0340000X')).map((l) => [l.idpn, l.category, l.source]), [['K9M2N4B6V8C1X3ZA', 3, 'manual']])
  const csv = await b.get('/admin/etablissements/0340000X/liens.csv')
  t.equal(csv.headers['content-type'], 'text/csv; charset=utf-8')
  t.equal(csv.body, 'IDPN;Identifiant CAS\r\nA8BT6EGHDW3QFPXC;lea.dupont\r\nK9M2N4B6V8C1X3ZA;anne-sophie.lefevre\r\n')
  const unlinked = await b.post('/admin/etablissements/0340000X/liens/K9M2N4B6V8C1X3ZA/suppression', { csrf: csrfOf(page.body) })
  t.match(unlinked.body, /Lien de l&#39;IDPN K9M2N4B6V8C1X3ZA supprimé/)
  t.same(await links.linksOf('anne-sophie.lefevre', '0340000X'), [])
})

t.test('a refused link by hand is shown next to the form, in French, and changes nothing', async (t) => {
  const links = new MemoryLinkStore()
  const { app } = await consoleApp(t, { links })
  const b = new Browser(app)
  const page = await openConsole(b, '/admin/etablissements/0340000X/liens', 'anne-sophie.lefevre')
  const res = await b.post('/admin/etablissements/0340000X/liens', { csrf: csrfOf(page.body), idpn: 'K9M2N4B6V8C1X3ZA', uid: 'personne.inconnue', categorie: '3' })
  t.equal(res.statusCode, 404)
  t.match(res.body, /<p class="error" role="alert" id="erreur-lien">Aucune personne « personne\.inconnue »/)
  t.match(res.body, /value="personne\.inconnue"/, 'the form keeps what was typed')
  t.same(await links.listEstablishment('0340000X'), [])
})

t.test('signing out of Sésame ends the console too', async (t) => {
  const { app } = await consoleApp(t)
  const b = new Browser(app)
  t.equal((await openConsole(b, '/admin/', 'anne-sophie.lefevre')).statusCode, 200)
  await b.get('/logout')
  const res = await b.get('/admin/')
  t.equal(res.statusCode, 302)
  t.match(res.headers.location, /^\/login\?service=/)
})

t.test('the console\'s callback never redirects outside the console', async (t) => {
  const { app } = await consoleApp(t)
  const b = new Browser(app)
  await openConsole(b, '/admin/', 'anne-sophie.lefevre')
  for (const next of ['https://evil.example/', '//evil.example/admin/', '/admin/../login', '/admin/\\evil']) {
    const service = `http://localhost:8080/admin/connexion?next=${encodeURIComponent(next)}`
    const res = await b.get(`/login?service=${encodeURIComponent(service)}`)
    const callback = new URL(res.headers.location as string)
    t.equal(callback.searchParams.get('next'), next)
    const landed = await b.get(callback.pathname + callback.search)
    t.equal(landed.statusCode === 302 ? landed.headers.location : landed.statusCode, landed.statusCode === 302 ? '/admin/' : 403, next)
  }
})

t.test('with ADMINS_FILE unset the console does not exist', async (t) => {
  const { testApp } = await import('../helpers/testApp.js')
  const { app } = await testApp(t)
  t.equal((await app.inject('/admin/')).statusCode, 404)
})
