import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import t, { type Test } from 'tap'
import { ensurePackages } from '../../scripts/testServices/ensurePackages.mjs'
import { adminsFile } from '../console/consoleHelpers.js'
import { DEMO_PASSWORD } from '../helpers/testApp.js'
import { DESKTOP, openChromium, PHONE } from './fixtures/chromium.js'
import { startEchoService } from './fixtures/echoService.js'
import { startSesame, type LiveSesame } from './fixtures/liveSesame.js'
import { loginUrl, submitSignIn } from './fixtures/signInForm.js'

// Fails loudly (never skips) when Chromium is missing and cannot be installed.
ensurePackages([['/usr/bin/chromium', 'chromium']])

const STAFF = 'Personnel Éducation nationale'
const PUPILS = 'Élève ou parent'
/** A PRONOTE server declared with the "SSO PRONOTE avec CAS" preset, which takes https only. */
const PRONOTE = 'https://0340000x.index-education.net/pronote/'

/**
 * Sésame with the console on (anne-sophie.lefevre administers 0340000X, paul.garcia 0340001Y) and
 * an empty services.json: every service the browser reaches is one made in the console.
 */
async function consoleSesame (t: Test): Promise<LiveSesame> {
  return await startSesame(t, { services: [], env: { ADMINS_FILE: adminsFile() } })
}

/** Fills the console's service form: the fields by their labels, profiles left unchecked as asked. */
async function fillService (page: Page, fields: Array<[string, string]>, unchecked: string[]): Promise<void> {
  for (const [label, value] of fields) await page.getByLabel(label, { exact: true }).fill(value)
  for (const profile of unchecked) await page.getByLabel(profile, { exact: true }).uncheck()
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Créer le service' }).click()])
}

/** At 360 px the page itself never scrolls sideways: a wide table scrolls inside its .table-scroll box. */
async function readsOnPhone (t: Test, page: Page, name: string): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  t.ok(width <= PHONE.width, `${name}: ${width} px wide at 360 px, no sideways scrolling`)
}

const heading = async (page: Page): Promise<string> => (await page.getByRole('heading', { level: 1 }).textContent()) ?? ''

t.test('in Chromium at 360 px, an admin of 0340000X signs in through Sésame, manages the links by hand and declares a PRONOTE whose unchecked profiles are refused', async (t) => {
  const sesame = await consoleSesame(t)
  const linkedAt = new Date().toISOString()
  await sesame.ctx.links.addLinks('0340000X', [
    { uai: '0340000X', idpn: 'IDPNLEA001', uid: 'lea.dupont', category: 1, source: 'import', linkedAt },
    { uai: '0340000X', idpn: 'IDPNELODIE1', uid: 'elodie.roux', category: 2, source: 'import', linkedAt }
  ])
  const { page, problems } = await openChromium(t, PHONE)

  await page.goto(`${sesame.url}/admin/`)
  t.match(page.url(), `${sesame.url}/login?service=${encodeURIComponent(`${sesame.url}/admin/connexion?next=`)}`, 'not signed in: Sésame\'s own sign-in form, the console as its service')
  await readsOnPhone(t, page, 'connexion')
  await submitSignIn(page, { directory: STAFF, username: 'anne-sophie.lefevre', password: DEMO_PASSWORD })
  t.equal(page.url(), `${sesame.url}/admin/`, 'back to the console after sign-in')
  t.equal(await heading(page), 'Établissements')
  t.ok(await page.getByRole('row', { name: /0340000X/ }).isVisible(), 'the establishment administered is listed')
  t.equal(await page.getByRole('row', { name: /0340001Y/ }).count(), 0, 'not another one')
  await readsOnPhone(t, page, 'établissements')

  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Liens de 0340000X' }).click()])
  t.equal(await heading(page), 'Liens PRONOTE — 0340000X')
  await readsOnPhone(t, page, 'liens')
  await page.getByLabel('Rechercher (nom, identifiant ou IDPN)').fill('dupont')
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Filtrer' }).click()])
  const rows = page.locator('tbody tr')
  t.same(await rows.locator('code').allTextContents(), ['IDPNLEA001'], 'the search keeps Léa Dupont\'s link only')

  const linkForm = page.locator('form', { has: page.getByRole('button', { name: 'Lier', exact: true }) })
  await linkForm.getByLabel('IDPN', { exact: true }).fill('IDPNJB0002XYZ123')
  await linkForm.getByLabel('Identifiant de la personne').fill('jb.nguyen-roux')
  await linkForm.getByLabel('Catégorie').selectOption({ label: 'Élève' })
  await Promise.all([page.waitForNavigation(), linkForm.getByRole('button', { name: 'Lier', exact: true }).click()])
  t.equal(await page.getByRole('status').textContent(), 'IDPN IDPNJB0002XYZ123 lié à jb.nguyen-roux.')
  t.ok(await page.getByRole('row', { name: /IDPNJB0002XYZ123.*jb\.nguyen-roux.*Élève.*À la main/ }).isVisible(), 'the new link is listed, made by hand')
  await readsOnPhone(t, page, 'liens après un lien')

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger le CSV pour PRONOTE' }).click()])
  t.equal(download.suggestedFilename(), 'liens-pronote-0340000X.csv')
  t.equal(await readFile(await download.path(), 'utf8'), 'IDPN;Identifiant CAS\r\nIDPNELODIE1;elodie.roux\r\nIDPNJB0002XYZ123;jb.nguyen-roux\r\nIDPNLEA001;lea.dupont\r\n', 'the CSV for PRONOTE holds every link, the new one included')

  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Délier IDPNJB0002XYZ123' }).click()])
  t.equal(await page.getByRole('status').textContent(), 'Lien de l\'IDPN IDPNJB0002XYZ123 supprimé.')
  t.equal(await page.getByRole('row', { name: /IDPNJB0002XYZ123/ }).count(), 0, 'the link is gone from the list')
  t.same(await sesame.ctx.links.linksOf('jb.nguyen-roux', '0340000X'), [], 'and from the store')

  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Services', exact: true }).click()])
  t.equal(await heading(page), 'Services')
  await readsOnPhone(t, page, 'services')
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Ajouter un PRONOTE (SSO PRONOTE avec CAS)' }).click()])
  t.equal(await heading(page), 'Nouveau PRONOTE')
  await readsOnPhone(t, page, 'nouveau PRONOTE')
  t.equal(await page.getByLabel('Établissement (UAI)').inputValue(), '0340000X', 'the admin\'s establishment comes filled in')
  await fillService(page, [['Nom', 'PRONOTE — Lycée Joffre'], ['URL de PRONOTE', PRONOTE]], ['Parent', 'Enseignant'])
  t.equal(await heading(page), 'Services')
  t.match(await page.getByRole('status').textContent(), 'Service « PRONOTE — Lycée Joffre » enregistré')
  t.ok(await page.getByRole('row', { name: /PRONOTE — Lycée Joffre.*https:\/\/0340000x\.index-education\.net\/pronote\/\*\*/ }).isVisible(), 'listed with the pattern the preset made')
  t.same(sesame.ctx.registry.byKey('pronote-0340000x')?.access, ['eleve', 'non-enseignant', 'autre'], 'live in the registry with the profiles left checked')
  await readsOnPhone(t, page, 'services après création')

  // The preset takes https only: the browser reaches a loopback application declared the same
  // way by hand (an Ant pattern, PRONOTE attributes), with the same profiles unchecked.
  const app = await startEchoService(t)
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Ajouter une application CAS' }).click()])
  t.equal(await heading(page), 'Nouvelle application CAS')
  await readsOnPhone(t, page, 'nouvelle application CAS')
  await page.getByLabel('Attributs transmis').selectOption('pronote')
  await fillService(page, [['Nom', 'PRONOTE de recette'], ['Motif d\'URL du service', `${app}/0340000x/pronote/**`]], ['Parent', 'Enseignant'])
  t.match(await page.getByRole('status').textContent(), 'Service « PRONOTE de recette » enregistré')
  const pronote = `${app}/0340000x/pronote/`

  const refused = await page.goto(loginUrl(sesame.url, `${pronote}professeur.html`))
  t.equal(refused?.status(), 403, 'a teacher, a profile left unchecked, is refused')
  t.equal(await heading(page), 'Accès refusé')
  await readsOnPhone(t, page, 'accès refusé')

  await page.goto(`${sesame.url}/logout`)
  await page.goto(loginUrl(sesame.url, `${pronote}eleve.html`))
  await submitSignIn(page, { directory: PUPILS, username: 'lea.dupont', password: DEMO_PASSWORD })
  t.match(page.url(), new RegExp(`^${pronote.replace(/[./]/g, '\\$&')}eleve\\.html\\?ticket=ST-[A-Za-z0-9-]+$`), 'a pupil reaches the new PRONOTE with a ticket')
  const ticket = await page.locator('#ticket').textContent() ?? ''
  const validation = await (await fetch(`${sesame.url}/p3/serviceValidate?service=${encodeURIComponent(`${pronote}eleve.html`)}&ticket=${ticket}`)).text()
  t.match(validation, '<cas:authenticationSuccess>', 'the ticket validates for that PRONOTE')
  t.match(validation, 'IDPNLEA001', 'with the pupil\'s PRONOTE identifier')
  t.same(problems, [], 'no console error')
})

t.test('in Chromium, a person who is no admin signs in and gets the console\'s 403 page', async (t) => {
  const sesame = await consoleSesame(t)
  const { page, problems } = await openChromium(t, PHONE)
  await page.goto(`${sesame.url}/admin/`)
  await submitSignIn(page, { directory: PUPILS, username: 'lea.dupont', password: DEMO_PASSWORD })
  t.equal(await heading(page), 'Accès réservé')
  t.equal(await page.getByRole('alert').textContent(), 'Cette console est réservée aux administrateurs de l\'ENT.')
  await readsOnPhone(t, page, 'accès réservé')
  const again = await page.goto(`${sesame.url}/admin/`)
  t.equal(again?.status(), 403, 'signed in or not, the answer is 403')
  t.equal(await page.getByRole('navigation', { name: 'Console d\'administration' }).count(), 0, 'no console navigation for a non-admin')
  t.same(problems, [], 'no console error')
})

t.test('in Chromium, an admin of 0340001Y who types the links URL of 0340000X gets 403 and sees none of its links', async (t) => {
  const sesame = await consoleSesame(t)
  await sesame.ctx.links.addLinks('0340000X', [{ uai: '0340000X', idpn: 'IDPNLEA001', uid: 'lea.dupont', category: 1, source: 'import', linkedAt: new Date().toISOString() }])
  const { page, problems } = await openChromium(t, PHONE)
  await page.goto(`${sesame.url}/admin/etablissements/0340000X/liens`)
  await submitSignIn(page, { directory: STAFF, username: 'paul.garcia', password: DEMO_PASSWORD })
  t.equal(await heading(page), 'Accès refusé')
  t.equal(await page.getByRole('alert').textContent(), 'Vous n\'administrez pas l\'établissement 0340000X.')
  t.notMatch(await page.content(), 'IDPNLEA001', 'no link of 0340000X shown')
  await readsOnPhone(t, page, 'hors périmètre')
  const again = await page.goto(`${sesame.url}/admin/etablissements/0340000x/liens`)
  t.equal(again?.status(), 403, 'the UAI in lower case is refused the same way')
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Retour à la console' }).click()])
  t.equal(await heading(page), 'Établissements', 'the way back leads to his own establishments')
  t.ok(await page.getByRole('row', { name: /0340001Y/ }).isVisible())
  t.same(problems, [], 'no console error')
})

t.test('with the keyboard alone (Tab, typing, Enter) an admin fills and submits the link form, and every stop shows a visible focus', async (t) => {
  const sesame = await consoleSesame(t)
  const { page, problems } = await openChromium(t, DESKTOP)
  await page.goto(`${sesame.url}/admin/etablissements/0340000X/liens`)
  await submitSignIn(page, { directory: STAFF, username: 'anne-sophie.lefevre', password: DEMO_PASSWORD })
  t.equal(await heading(page), 'Liens PRONOTE — 0340000X')

  /** The focused element's name and whether its focus ring shows (an outline at least 2 px wide). */
  const focused = async (): Promise<{ name: string, ring: boolean }> => await page.evaluate(() => {
    const e = document.activeElement as HTMLElement & { name?: string }
    const style = getComputedStyle(e)
    const label = e.tagName === 'A' || e.tagName === 'BUTTON' ? (e.textContent ?? '').trim() : e.name ?? ''
    return { name: `${e.tagName.toLowerCase()}:${label}`, ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 }
  })
  const stops: string[] = []
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab')
    const f = await focused()
    t.ok(f.ring, `${f.name}: the focus is visible`)
    stops.push(f.name)
    if (f.name === 'input:idpn') break
  }
  t.same(stops, ['a:Établissements', 'a:Services', 'a:Se déconnecter', 'a:Télécharger le CSV pour PRONOTE', 'input:q', 'select:categorie', 'select:origine', 'button:Filtrer', 'input:idpn'],
    'Tab goes through the navigation, the CSV, the filters, then the link form, in reading order')
  await page.keyboard.type('IDPNANNE01XYZ123')
  await page.keyboard.press('Tab')
  t.equal((await focused()).name, 'input:uid')
  await page.keyboard.type('anne-sophie.lefevre')
  await page.keyboard.press('Tab')
  t.equal((await focused()).name, 'select:categorie')
  // Typing on a closed list picks the first choice that starts with what is typed.
  await page.keyboard.type('Ens')
  await page.keyboard.press('Tab')
  t.equal((await focused()).name, 'input:deplacer')
  t.ok((await focused()).ring, 'the checkbox shows its focus')
  await page.keyboard.press('Tab')
  t.equal((await focused()).name, 'button:Lier')
  t.ok((await focused()).ring, 'the button shows its focus')
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')])
  t.equal(await page.getByRole('status').textContent(), 'IDPN IDPNANNE01XYZ123 lié à anne-sophie.lefevre.')
  t.same((await sesame.ctx.links.linksOf('anne-sophie.lefevre', '0340000X')).map((l) => [l.idpn, l.category, l.source]), [['IDPNANNE01XYZ123', 3, 'manual']], 'linked as a teacher, by hand')
  t.same(problems, [], 'no console error')
})
