import t, { type Test } from 'tap'
import { MemoryLinkStore } from '../../src/pronote/MemoryLinkStore.js'
import { Browser } from '../helpers/browser.js'
import { testApp, type TestApp } from '../helpers/testApp.js'
import { csrfOf, followToConsole, openConsole } from './consoleHelpers.js'
import { ADMIN, encryptedSample, importAdmins, importDirectories, multipart } from './importFixtures.js'

async function wizardApp (t: Test, links = new MemoryLinkStore()): Promise<TestApp & { links: MemoryLinkStore }> {
  const built = await testApp(t, { env: { ADMINS_FILE: importAdmins() }, directories: await importDirectories(), links })
  return { ...built, links }
}

async function upload (b: Browser, app: TestApp['app'], csrf: string, bytes: Buffer, mode = 'full'): Promise<Awaited<ReturnType<Browser['get']>>> {
  const body = multipart({ csrf, mode }, { field: 'fichier', name: 'IdPN_To_KOSMOS.xml', bytes })
  const res = await app.inject({ method: 'POST', url: '/admin/etablissements/0340000X/import', cookies: Object.fromEntries(b.cookies), ...body })
  return res
}

t.test('the wizard: an encrypted export is checked by a dry run, homonyms and an unmatched parent are settled, the commit asks the password again, then bilan, CSV and undo', async (t) => {
  const { app, links } = await wizardApp(t)
  const b = new Browser(app)
  const form = await openConsole(b, '/admin/etablissements/0340000X/import', ADMIN.login, ADMIN.password)
  t.equal(form.statusCode, 200)
  const csrf = csrfOf(form.body)

  const uploaded = await upload(b, app, csrf, encryptedSample())
  t.equal(uploaded.statusCode, 303, uploaded.body)
  const draftUrl = (uploaded.headers.location as string).replace(/\/etapes\/1$/, '')
  t.same(await links.listEstablishment('0340000X'), [], 'a dry run writes nothing')
  const step1 = await b.get(`${draftUrl}/etapes/1`)
  t.match(step1.body, /Étape 1\/6 : Lecture et contrôle du fichier/)
  t.match(step1.body, /8 entrée\(s\) lue\(s\)/)

  const step2 = await b.get(`${draftUrl}/etapes/2`)
  t.match(step2.body, /Étape 2\/6 : rapprochement des Élèves/)
  t.match(step2.body, /Homonymes à départager \(2\)/)
  const pair = await b.get(`${draftUrl}/entrees/H3JD8SKW2MCV6TQE`)
  t.match(pair.body, /Départager des homonymes/)
  t.match(pair.body, /value="hugo\.martin1"[\s\S]*né\(e\) le 05\/05\/2010[\s\S]*value="hugo\.martin2"/, 'both candidates side by side, with their birth dates')
  const chosen = await b.post(`${draftUrl}/entrees/H3JD8SKW2MCV6TQE`, { csrf, uid: 'hugo.martin1' })
  t.match(chosen.body, /MARTIN Hugo sera lié\(e\) à hugo\.martin1/)
  await b.post(`${draftUrl}/entrees/Z9XC4VB7NM2LK8JH`, { csrf, uid: 'hugo.martin2' })
  t.notMatch((await b.get(`${draftUrl}/etapes/2`)).body, /Homonymes à départager/, 'the pair is settled')

  const step3 = await b.get(`${draftUrl}/etapes/3`)
  t.match(step3.body, /Personnes non trouvées dans l&#39;annuaire \(1\)/)
  const search = await b.get(`${draftUrl}/entrees/W2ER5TY8UI3OP6AS?q=roux`)
  t.match(search.body, /value="elodie\.roux"/, 'the search finds the parent in the establishment\'s directory')
  t.notMatch(search.body, /value="jb\.nguyen"/, 'only people of the entry\'s category')
  await b.post(`${draftUrl}/entrees/W2ER5TY8UI3OP6AS`, { csrf, uid: 'elodie.roux' })

  const summary = await b.get(`${draftUrl}/etapes/6`)
  t.match(summary.body, /<button type="submit">Valider l'import<\/button>/)
  const commit = await b.post(`${draftUrl}/valider`, { csrf })
  t.equal(commit.statusCode, 303)
  t.match(commit.headers.location, /\/login\?service=.*&renew=true$/, 'the password is asked again')
  t.same(await links.listEstablishment('0340000X'), [], 'nothing written before the password')
  const confirm = await followToConsole(b, commit, ADMIN.login, ADMIN.password)
  t.match(confirm.body, /Mot de passe vérifié/)
  const done = await b.post(`${draftUrl}/valider`, { csrf: csrfOf(confirm.body) })
  t.equal(done.statusCode, 303)
  t.equal(done.headers.location, '/admin/etablissements/0340000X/historique/0?valide=1')
  const written = await links.listEstablishment('0340000X')
  t.equal(written.length, 8, 'every entry linked: 5 matched and 3 settled by hand')
  t.match(written.find((l) => l.idpn === 'H3JD8SKW2MCV6TQE'), { uid: 'hugo.martin1', source: 'manual' })
  t.match(written.find((l) => l.idpn === 'W2ER5TY8UI3OP6AS'), { uid: 'elodie.roux', category: 2 })

  const bilan = await b.get(done.headers.location as string)
  t.match(bilan.body, /Bilan d&#39;import — 0340000X/)
  t.match(bilan.body, /Import enregistré/)
  const csv = await b.get('/admin/etablissements/0340000X/liens.csv')
  t.match(csv.body, /^IDPN;Identifiant CAS\r\n/)
  t.match(csv.body, /H3JD8SKW2MCV6TQE;hugo\.martin1\r\n/)
  const bilanCsv = await b.get('/admin/etablissements/0340000X/historique/0/bilan.csv')
  t.match(bilanCsv.body, /^Catégorie;IDPN;Nom;Prénom;Résultat;Détail\r\n/)
  t.equal(bilanCsv.headers['content-type'], 'text/csv; charset=utf-8')

  const history = await b.get('/admin/etablissements/0340000X/historique')
  t.match(history.body, /claire\.moreau/)
  const undo = await b.post('/admin/etablissements/0340000X/historique/annulation', { csrf: csrfOf(history.body) })
  t.equal(undo.statusCode, 303, 'the password was typed less than five minutes ago: no second prompt')
  t.equal(undo.headers.location, '/admin/etablissements/0340000X/historique?annule=1')
  t.same(await links.listEstablishment('0340000X'), [], 'undo puts back the links of before')
})

t.test('a second admin importing the same establishment is told who is importing, and nothing mixes', async (t) => {
  const { app } = await wizardApp(t)
  const first = new Browser(app)
  const csrf = csrfOf((await openConsole(first, '/admin/etablissements/0340000X/import', ADMIN.login, ADMIN.password)).body)
  t.equal((await upload(first, app, csrf, encryptedSample())).statusCode, 303)
  const again = await upload(first, app, csrf, encryptedSample())
  t.equal(again.statusCode, 409)
  t.match(again.body, /Un autre import est en cours pour l&#39;établissement 0340000X, par claire\.moreau/)
})

t.test('a file the import refuses is answered on the upload page, and no draft or lock is left', async (t) => {
  const { app } = await wizardApp(t)
  const b = new Browser(app)
  const csrf = csrfOf((await openConsole(b, '/admin/etablissements/0340000X/import', ADMIN.login, ADMIN.password)).body)
  const bad = await upload(b, app, csrf, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))
  t.equal(bad.statusCode, 400)
  t.match(bad.body, /Fichier refusé : .*svg/)
  t.equal((await upload(b, app, csrf, encryptedSample())).statusCode, 303, 'the establishment is free for a good file')
  const forged = await upload(b, app, 'forged', encryptedSample())
  t.equal(forged.statusCode, 403, 'an upload without the console\'s token is refused')
})

t.test('a draft survives a reload and belongs to its admin', async (t) => {
  const { app } = await wizardApp(t)
  const b = new Browser(app)
  const csrf = csrfOf((await openConsole(b, '/admin/etablissements/0340000X/import', ADMIN.login, ADMIN.password)).body)
  const draftUrl = ((await upload(b, app, csrf, encryptedSample())).headers.location as string).replace(/\/etapes\/1$/, '')
  t.equal((await b.get(`${draftUrl}/etapes/4`)).statusCode, 200)
  t.equal((await b.get(`${draftUrl}/etapes/4`)).statusCode, 200, 'the same page again')
  t.equal((await b.get('/admin/imports/not-a-draft/etapes/1')).statusCode, 404)
})
