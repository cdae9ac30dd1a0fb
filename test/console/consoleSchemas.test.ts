import t, { type Test } from 'tap'
import type { PronoteLink } from '../../src/pronote/LinkStore.js'
import { MemoryLinkStore } from '../../src/pronote/MemoryLinkStore.js'
import { Browser } from '../helpers/browser.js'
import type { TestApp } from '../helpers/testApp.js'
import { consoleApp, csrfOf, openConsole } from './consoleHelpers.js'

const LINK: PronoteLink = { uai: '0340000X', idpn: 'A8BT6EGHDW3QFPXC', uid: 'lea.dupont', category: 1, source: 'import', linkedAt: '2026-09-01T00:00:00Z' }

/** The console with one link, and an admin of 0340000X signed in on its links page. */
async function signedIn (t: Test): Promise<TestApp & { b: Browser, csrf: string, links: MemoryLinkStore }> {
  const links = new MemoryLinkStore()
  await links.addLinks('0340000X', [LINK])
  const built = await consoleApp(t, { links })
  const b = new Browser(built.app)
  const page = await openConsole(b, '/admin/etablissements/0340000X/liens', 'anne-sophie.lefevre')
  t.equal(page.statusCode, 200)
  return { ...built, b, csrf: csrfOf(page.body), links }
}

/** A console error page: HTML in French with its title and message, never a JSON blob. */
function errorPage (t: Test, res: { statusCode: number, headers: Record<string, unknown>, body: string }, status: number, title: string, message: RegExp): void {
  t.equal(res.statusCode, status)
  t.match(res.headers['content-type'], /^text\/html/)
  t.match(res.body, new RegExp(`<h1>${title}</h1>`))
  t.match(res.body, message)
}

t.test('a console route with a malformed UAI gets the French error page', async (t) => {
  const { b } = await signedIn(t)
  for (const path of ['/admin/etablissements/03400/liens', '/admin/etablissements/03400/liens.csv', '/admin/etablissements/03400/historique', '/admin/etablissements/03400/import']) {
    errorPage(t, await b.get(path), 404, 'Établissement inconnu', /« 03400 » n&#39;est pas un UAI \(7 chiffres et une lettre\)/)
  }
})

t.test('a wizard step outside 1 to 6, or a bilan number that is none, gets the console\'s 404 page before any lookup', async (t) => {
  const { b } = await signedIn(t)
  errorPage(t, await b.get('/admin/imports/any-draft/etapes/9'), 404, 'Étape inconnue', /Les étapes vont de 1 à 6/)
  errorPage(t, await b.get('/admin/imports/any-draft/etapes/deux'), 404, 'Étape inconnue', /Les étapes vont de 1 à 6/)
  errorPage(t, await b.get('/admin/etablissements/0340000X/historique/dernier'), 404, 'Bilan introuvable', /n&#39;existe pas/)
})

t.test('an IDPN of the wrong shape in an unlink URL gets the French error page and removes nothing', async (t) => {
  const { b, csrf, links } = await signedIn(t)
  errorPage(t, await b.post('/admin/etablissements/0340000X/liens/A8BT6.GHDW3QFPXC/suppression', { csrf }), 404, 'IDPN inconnu', /« A8BT6\.GHDW3QFPXC » n&#39;est pas un IDPN/)
  t.same(await links.listEstablishment('0340000X'), [LINK])
})

t.test('a form field given twice is refused by the one shared check, as a French page, and changes nothing', async (t) => {
  const { b, csrf, links } = await signedIn(t)
  const form = new URLSearchParams({ csrf, uid: 'lea.dupont', categorie: '1' })
  form.append('idpn', 'K9M2N4B6V8C1X3ZA')
  form.append('idpn', 'Z9XC4VB7NM2LK8JH')
  errorPage(t, await b.post('/admin/etablissements/0340000X/liens', form as unknown as Record<string, string>), 400, 'Requête invalide', /Un même paramètre a été donné plusieurs fois\./)
  t.same(await links.listEstablishment('0340000X'), [LINK])
})

t.test('not signed in, a malformed UAI still sends to sign-in: the console\'s gate runs before the schemas', async (t) => {
  const { app } = await consoleApp(t)
  const res = await app.inject('/admin/etablissements/03400/liens')
  t.equal(res.statusCode, 302)
  t.match(res.headers.location, /^\/login\?service=/)
})

t.test('a POST to the console without a form is refused as a form from elsewhere', async (t) => {
  const { app, b, links } = await signedIn(t)
  const res = await app.inject({ method: 'POST', url: '/admin/etablissements/0340000X/liens/A8BT6EGHDW3QFPXC/suppression', cookies: Object.fromEntries(b.cookies) })
  errorPage(t, res, 403, 'Formulaire expiré', /ne vient pas de la console/)
  t.same(await links.listEstablishment('0340000X'), [LINK])
})
