import { mkdtempSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import t, { type Test } from 'tap'
import { ensurePackages } from '../../scripts/testServices/ensurePackages.mjs'
import { ADMIN, encryptedSample, importAdmins, importDirectories } from '../console/importFixtures.js'
import { openChromium, PHONE } from './fixtures/chromium.js'
import { startSesame } from './fixtures/liveSesame.js'

// Fails loudly (never skips) when Chromium is missing and cannot be installed.
ensurePackages([['/usr/bin/chromium', 'chromium']])

/** The import fixtures have one directory: the sign-in form asks no directory, only who and the password. */
async function signIn (page: Page): Promise<void> {
  await page.getByLabel('Identifiant', { exact: true }).fill(ADMIN.login)
  await page.getByLabel('Mot de passe', { exact: true }).fill(ADMIN.password)
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Se connecter' }).click()])
}

/** At 360 px the page itself never scrolls sideways: a wide table scrolls inside its .table-scroll box. */
async function readsOnPhone (t: Test, page: Page, name: string): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  t.ok(width <= PHONE.width, `${name}: ${width} px wide at 360 px, no sideways scrolling`)
}

const heading = async (page: Page): Promise<string> => (await page.getByRole('heading', { level: 1 }).textContent()) ?? ''

/** Follows a link or a button that loads another page. */
async function go (page: Page, role: 'link' | 'button', name: string | RegExp): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole(role, { name, exact: typeof name === 'string' }).click()])
}

/** WCAG's contrast ratio between a element's text and the first background behind it that is not transparent. */
async function contrastOf (page: Page, selector: string): Promise<number> {
  return await page.locator(selector).evaluate((e) => {
    const rgb = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).map(Number)
    const luminance = (c: string): number => {
      const [r, g, b] = rgb(c).slice(0, 3).map((v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4 })
      return 0.2126 * (r as number) + 0.7152 * (g as number) + 0.0722 * (b as number)
    }
    let back: Element | null = e
    while (back !== null && (rgb(getComputedStyle(back).backgroundColor)[3] ?? 1) === 0) back = back.parentElement
    const [a, b] = [luminance(getComputedStyle(e).color), luminance(back === null ? 'rgb(255,255,255)' : getComputedStyle(back).backgroundColor)].sort((x, y) => y - x)
    return ((a as number) + 0.05) / ((b as number) + 0.05)
  })
}

/** The focused element, named as a person hears it, and whether its focus ring shows (an outline at least 2 px wide). */
async function focused (page: Page): Promise<{ name: string, ring: boolean }> {
  return await page.evaluate(() => {
    const e = document.activeElement as HTMLInputElement
    const style = getComputedStyle(e)
    const label = e.tagName === 'INPUT' ? `${e.type}:${e.value}` : (e.textContent ?? '').trim()
    return { name: `${e.tagName.toLowerCase()}:${label}`, ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 }
  })
}

/** Presses Tab until `wanted` has the focus, checking that every stop on the way shows it. */
async function tabTo (t: Test, page: Page, wanted: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab')
    const f = await focused(page)
    t.ok(f.ring, `${f.name}: the focus is visible`)
    if (f.name === wanted) return
  }
  t.fail(`Tab never reached ${wanted}`)
}

t.test('in Chromium at 360 px, an admin of 0340000X imports the encrypted PRONOTE export through the wizard, settles homonyms (one with the keyboard alone) and an unmatched parent, validates after typing the password again, downloads the CSV for PRONOTE, then undoes the import', async (t) => {
  const sesame = await startSesame(t, { services: [], directories: await importDirectories(), env: { ADMINS_FILE: importAdmins() } })
  const dir = mkdtempSync(join(tmpdir(), 'sesame-wizard-upload-'))
  const exportFile = join(dir, 'IdPN_To_KOSMOS.xml')
  writeFileSync(exportFile, encryptedSample())
  const { page, problems } = await openChromium(t, PHONE)

  await page.goto(`${sesame.url}/admin/etablissements/0340000X/import`)
  await signIn(page)
  t.equal(await heading(page), 'Importer les identifiants PRONOTE — 0340000X')
  await readsOnPhone(t, page, 'dépôt du fichier')
  t.ok(await page.getByLabel(/Import complet/).isChecked(), 'a full import unless told otherwise')
  await page.getByLabel(/Fichier d'export PRONOTE/).setInputFiles(exportFile)
  await go(page, 'button', 'Vérifier le fichier')
  t.match(page.url(), /\/admin\/imports\/[A-Za-z0-9_-]+\/etapes\/1$/)
  t.equal(await heading(page), 'Étape 1/6 : Lecture et contrôle du fichier')
  t.match(await page.locator('main').textContent(), /IdPN_To_KOSMOS\.xml.*8 entrée\(s\) lue\(s\)/, 'the encrypted file was read')
  t.same(await sesame.ctx.links.listEstablishment('0340000X'), [], 'the dry run wrote nothing')
  await readsOnPhone(t, page, 'étape 1')

  await go(page, 'link', 'Étape suivante')
  t.equal(await heading(page), 'Étape 2/6 : rapprochement des Élèves')
  t.equal(await page.getByRole('heading', { name: 'Homonymes à départager (2)' }).count(), 1)
  t.ok(await contrastOf(page, '.stepper [aria-current=step] a') >= 4.5, 'the current step reads on its coloured box')
  await readsOnPhone(t, page, 'étape 2')

  // The first homonym with the keyboard alone: Tab to its "Choisir", Enter, Tab to a candidate, Space, Tab, Enter.
  await tabTo(t, page, 'a:Choisir MARTIN Hugo (IDPN H3JD8SKW2MCV6TQE)')
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')])
  t.equal(await heading(page), 'Départager des homonymes')
  t.equal(await page.getByRole('radio').count(), 3, 'two candidates, and "Laisser sans lien"')
  t.match(await page.locator('.candidates').textContent(), /hugo\.martin1[\s\S]*hugo\.martin2/, 'the candidates side by side')
  await readsOnPhone(t, page, 'homonymes')
  await tabTo(t, page, 'input:radio:hugo.martin1')
  await page.keyboard.press('Space')
  t.ok(await page.getByRole('radio', { name: /hugo\.martin1/ }).isChecked(), 'Space picks the candidate')
  await page.keyboard.press('Tab')
  t.same(await focused(page), { name: 'button:Enregistrer le choix', ring: true }, 'Tab leaves the choices for the button')
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')])
  t.equal(await page.getByRole('status').textContent(), 'MARTIN Hugo sera lié(e) à hugo.martin1.')
  await readsOnPhone(t, page, 'étape 2 après un choix')

  // The other one with the mouse, by the candidate's label.
  await go(page, 'link', 'Choisir MARTIN Hugo (IDPN Z9XC4VB7NM2LK8JH)')
  await page.getByRole('radio', { name: /hugo\.martin2/ }).check()
  await go(page, 'button', 'Enregistrer le choix')
  t.equal(await page.getByRole('status').textContent(), 'MARTIN Hugo sera lié(e) à hugo.martin2.')
  t.equal(await page.getByRole('heading', { name: /Homonymes à départager/ }).count(), 0, 'the pair is settled')

  await go(page, 'link', 'Étape suivante')
  t.equal(await heading(page), 'Étape 3/6 : rapprochement des Responsables')
  await readsOnPhone(t, page, 'étape 3')
  await go(page, 'link', /^Chercher la personne ROUX/)
  t.equal(await heading(page), 'Trouver la personne')
  await page.getByLabel('Rechercher dans l\'annuaire de l\'établissement (nom ou identifiant)').fill('roux')
  await go(page, 'button', 'Chercher')
  t.equal(await page.getByRole('radio', { name: /jb\.nguyen/ }).count(), 0, 'a pupil named Roux is not offered for a parent')
  await readsOnPhone(t, page, 'recherche')
  await page.getByRole('radio', { name: /elodie\.roux/ }).check()
  await go(page, 'button', 'Enregistrer le choix')
  t.match(await page.getByRole('status').textContent(), /sera lié\(e\) à elodie\.roux\.$/)

  for (const [n, title] of [[4, 'Étape 4/6 : rapprochement des Professeurs'], [5, 'Étape 5/6 : rapprochement des Personnels'], [6, 'Étape 6/6 : Bilan et enregistrement']] as const) {
    await go(page, 'link', 'Étape suivante')
    t.equal(await heading(page), title)
    await readsOnPhone(t, page, `étape ${n}`)
  }
  await go(page, 'button', 'Valider l\'import')
  t.match(page.url(), /\/login\?service=.*&renew=true$/, 'the password is asked again')
  t.equal(await heading(page), 'Connexion')
  t.same(await sesame.ctx.links.listEstablishment('0340000X'), [], 'nothing written before the password')
  await readsOnPhone(t, page, 'mot de passe redemandé')
  await signIn(page)
  t.equal(await heading(page), 'Étape 6/6 : Bilan et enregistrement')
  t.match(await page.getByRole('status').textContent(), /^Mot de passe vérifié/)
  await go(page, 'button', 'Valider l\'import')

  t.equal(await heading(page), 'Bilan d\'import — 0340000X')
  t.match(await page.getByRole('status').textContent(), /^Import enregistré/)
  await readsOnPhone(t, page, 'bilan')
  const written = await sesame.ctx.links.listEstablishment('0340000X')
  t.equal(written.length, 8, 'every entry of the file is linked')
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV pour PRONOTE (colonne « Identifiant CAS »)' }).click()])
  t.equal(download.suggestedFilename(), 'liens-pronote-0340000X.csv')
  const csv = await readFile(await download.path(), 'utf8')
  t.equal(csv, `IDPN;Identifiant CAS\r\n${written.map((l) => `${l.idpn};${l.uid}\r\n`).sort().join('')}`, 'the CSV for PRONOTE holds every link written')
  t.match(csv, /H3JD8SKW2MCV6TQE;hugo\.martin1\r\n/)
  t.match(csv, /Z9XC4VB7NM2LK8JH;hugo\.martin2\r\n/)
  t.match(csv, /W2ER5TY8UI3OP6AS;elodie\.roux\r\n/)
  const [bilan] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger le bilan (CSV)' }).click()])
  t.match(await readFile(await bilan.path(), 'utf8'), /^Catégorie;IDPN;Nom;Prénom;Résultat;Détail\r\n/, 'the bilan downloads as CSV')

  await go(page, 'link', 'Historique des imports')
  t.equal(await heading(page), 'Historique des imports — 0340000X')
  t.ok(await page.getByRole('row', { name: /claire\.moreau.*complet.*IdPN_To_KOSMOS\.xml/ }).isVisible(), 'the import is listed')
  await readsOnPhone(t, page, 'historique')
  await go(page, 'button', 'Annuler le dernier import')
  t.equal(await page.getByRole('status').textContent(), 'Le dernier import a été annulé : les liens d\'avant sont rétablis.')
  t.same(await sesame.ctx.links.listEstablishment('0340000X'), [], 'the links are gone')
  await readsOnPhone(t, page, 'historique après annulation')
  t.same(problems, [], 'no console error on any page')
})
