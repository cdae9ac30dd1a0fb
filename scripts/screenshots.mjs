#!/usr/bin/env node
// `npm run screenshots`: builds dist/, starts Sésame on a loopback port with the two directories
// of an académie (the second one down, for the "indisponible" page), walks through every page a
// person can meet in Debian's Chromium, then the admin console as an admin of 0340000X sees it,
// then the import wizard of the console with the sample PRONOTE export (encrypted, as PRONOTE
// sends it), and saves each at desktop (1280×800) and phone (360×740) widths into docs/screenshots/.
// `--no-build` reuses the current dist/.
import { execFileSync } from 'node:child_process'
import { createPublicKey } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { ensurePackages } from './testServices/ensurePackages.mjs'
import { freePort } from './testServices/freePort.mjs'

const OUT = 'docs/screenshots'
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 360, height: 740 } }
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']

ensurePackages([['/usr/bin/chromium', 'chromium']])
if (!process.argv.includes('--no-build')) execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' })

const dist = (path) => import(new URL(`../dist/${path}`, import.meta.url).href)
const { buildApp } = await dist('app.js')
const { loadEnv } = await dist('config/loadEnv.js')
const { FileDirectory } = await dist('directory/FileDirectory.js')
const { DirectoryUnavailableError } = await dist('directory/DirectoryUnavailableError.js')
const { MemoryLinkStore } = await dist('pronote/MemoryLinkStore.js')
const { parseServices } = await dist('services/parseServices.js')
const { ServiceRegistry } = await dist('services/ServiceRegistry.js')
const { MemoryServiceStore } = await dist('services/store/MemoryServiceStore.js')
const { MemoryAttemptStore } = await dist('throttle/MemoryAttemptStore.js')
const { MemoryTicketStore } = await dist('tickets/MemoryTicketStore.js')
const { encryptExport } = await dist('pronote/encryptExport.js')

const port = await freePort()
const base = `http://127.0.0.1:${port}`
const services = [
  { id: 'pronote-joffre', name: 'PRONOTE — Lycée Joffre', uai: '0340000X', serviceId: 'https://0340000x.index-education.net/pronote/**', attributeRelease: 'pronote', evaluationOrder: 10 },
  { id: 'pronote-clemenceau', name: 'PRONOTE — Collège Clemenceau (élèves)', uai: '0340001Y', serviceId: `${base}/clemenceau/**`, access: ['eleve'], evaluationOrder: 20 },
  { id: 'cdi', name: 'CDI en ligne', description: 'Catalogue et ressources du CDI', group: 'Ressources', serviceId: `${base}/cdi/**`, launchUrl: `${base}/cdi/`, evaluationOrder: 30 }
]
const arenaDown = {
  id: 'arena',
  label: 'Personnel Éducation nationale',
  authenticate: async () => { throw new DirectoryUnavailableError('arena', new Error('connect ECONNREFUSED')) },
  peopleOf: async function * () {},
  ping: async () => false,
  close: async () => {}
}

// The console: anne-sophie.lefevre administers 0340000X, which has a few links and, beside the
// services.json entries above, one service made in the console (for teachers only, so that
// "Mes services" of a pupil stays as it is).
const scratch = mkdtempSync(join(tmpdir(), 'sesame-screenshots-admins-'))
writeFileSync(join(scratch, 'admins.json'), JSON.stringify([{ uid: 'anne-sophie.lefevre', establishments: ['0340000X'] }, { uid: 'claire.moreau', establishments: ['0340000X'] }]))
const links = new MemoryLinkStore()
const linkedAt = '2026-09-01T08:00:00.000Z'
await links.addLinks('0340000X', [
  { uai: '0340000X', idpn: 'A8BT6EGHDW3QFPXC', uid: 'lea.dupont', category: 1, source: 'import', linkedAt },
  { uai: '0340000X', idpn: 'B2KQ9ZRT4MNC7LVX', uid: 'jb.nguyen-roux', category: 1, source: 'import', linkedAt },
  { uai: '0340000X', idpn: 'C5HW3PLD8XQA2TRE', uid: 'marc.dupont', category: 2, source: 'import', linkedAt },
  { uai: '0340000X', idpn: 'D7MF2KVB9QZS4NHU', uid: 'anne-sophie.lefevre', category: 3, source: 'manual', linkedAt }
])
const serviceStore = new MemoryServiceStore()
await serviceStore.put({
  kind: 'cas',
  definition: { id: 'cahier-de-textes', name: 'Cahier de textes', uai: '0340000X', access: ['enseignant'], group: 'Scolarité', serviceId: 'https://cahier.example.fr/**', attributeRelease: 'default', singleLogout: false, evaluationOrder: 1000 },
  updatedBy: 'anne-sophie.lefevre',
  updatedAt: linkedAt
})
const app = await buildApp({
  config: loadEnv({ PUBLIC_URL: base, CAS_SECRET: 'screenshots-secret-of-at-least-32-characters', LOG_LEVEL: 'silent', ADMINS_FILE: join(scratch, 'admins.json') }),
  tickets: new MemoryTicketStore(),
  links,
  attempts: new MemoryAttemptStore(),
  registry: new ServiceRegistry(parseServices(services, 'screenshots')),
  serviceStore,
  directories: [await FileDirectory.load('aten', 'Élève ou parent', 'config/demo-users.json'), arenaDown]
})
await app.listen({ port, host: '127.0.0.1' })

// The import wizard needs the people of the sample export (a homonym pair, a parent not found):
// a second Sésame with that directory alone, plus claire.moreau, admin of 0340000X, who signs in
// with the demo password and is attached to no establishment so that matching never sees her. A
// fresh one for each width, so that both walk the same import.
const sampleUsers = join(scratch, 'sample-users.json')
const demoHash = JSON.parse(readFileSync('config/demo-users.json', 'utf8')).find((p) => p.login === 'anne-sophie.lefevre').passwordHash
writeFileSync(sampleUsers, JSON.stringify([...JSON.parse(readFileSync('test/fixtures/pronote/sample-directory.json', 'utf8')),
  { login: 'claire.moreau', uid: 'claire.moreau', nom: 'MOREAU', prenom: 'Claire', profiles: ['National_DIR'], uais: [], passwordHash: demoHash }]))
const exportFile = join(scratch, 'IdPN_To_KOSMOS.xml')
const demoPartner = { name: 'SESAME-DEMO', publicKey: createPublicKey(readFileSync('config/demo/pronote-partenaire-demo.pub.pem')) }
writeFileSync(exportFile, encryptExport(readFileSync('test/fixtures/pronote/IdPN_sample.xml'), { partners: [demoPartner], uai: '0340000X' }))
const wizardPort = await freePort()
const wizardBase = `http://127.0.0.1:${wizardPort}`

async function startWizardApp () {
  const wizardApp = await buildApp({
    config: loadEnv({ PUBLIC_URL: wizardBase, CAS_SECRET: 'screenshots-secret-of-at-least-32-characters', LOG_LEVEL: 'silent', ADMINS_FILE: join(scratch, 'admins.json') }),
    tickets: new MemoryTicketStore(),
    links: new MemoryLinkStore(),
    attempts: new MemoryAttemptStore(),
    registry: new ServiceRegistry(parseServices(services, 'screenshots')),
    serviceStore: new MemoryServiceStore(),
    directories: [await FileDirectory.load('annuaire', 'Annuaire', sampleUsers)]
  })
  await wizardApp.listen({ port: wizardPort, host: '127.0.0.1' })
  return wizardApp
}

const login = (service, extra = '') => `${base}/login?service=${encodeURIComponent(service)}${extra}`
const JOFFRE = 'https://0340000x.index-education.net/pronote/eleve.html'

/** `directory` undefined: a Sésame with one directory, whose form asks none. */
async function signIn (page, directory, username, password) {
  if (directory !== undefined) await page.getByLabel(directory, { exact: true }).check()
  await page.getByLabel('Identifiant', { exact: true }).fill(username)
  await page.getByLabel('Mot de passe', { exact: true }).fill(password)
  await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Se connecter' }).click()])
}

/** Every page, in the order a person may meet them; each step leaves the page to photograph. */
const STEPS = [
  ['connexion', async (page) => { await page.goto(login(JOFFRE)) }],
  ['connexion-erreur', async (page) => { await signIn(page, 'Élève ou parent', 'lea.dupont', 'pas le bon') }],
  ['application-inconnue', async (page) => { await page.goto(login('https://inconnue.example.org/')) }],
  ['indisponible', async (page) => { await page.goto(login(JOFFRE)); await signIn(page, 'Personnel Éducation nationale', 'anne-sophie.lefevre', 'demo') }],
  ['mes-services', async (page) => { await page.goto(`${base}/login`); await signIn(page, 'Élève ou parent', 'lea.dupont', 'demo') }],
  ['confirmation', async (page) => { await page.goto(login(JOFFRE, '&warn=true')) }],
  ['deconnecte', async (page) => { await page.goto(`${base}/logout`) }],
  ['acces-refuse', async (page) => { await page.goto(login(`${base}/clemenceau/`)); await signIn(page, 'Élève ou parent', 'marc.dupont', 'demo') }],
  // The "Personnel" directory is the one shown down above; the demo file holds staff accounts too.
  ['console-etablissements', async (page) => { await page.goto(`${base}/logout`); await page.goto(`${base}/admin/`); await signIn(page, 'Élève ou parent', 'anne-sophie.lefevre', 'demo') }],
  ['console-liens', async (page) => { await page.goto(`${base}/admin/etablissements/0340000X/liens`) }],
  ['console-services', async (page) => { await page.goto(`${base}/admin/services`) }],
  ['console-service-nouveau', async (page) => { await page.goto(`${base}/admin/services/nouveau?type=pronote`) }],
  ['console-acces-refuse', async (page) => { await page.goto(`${base}/admin/etablissements/0340001Y/liens`) }],
  // The wizard's Sésame shares the host 127.0.0.1, hence the cookies' names: it comes last.
  ['console-import-depot', async (page) => {
    await page.goto(`${wizardBase}/admin/etablissements/0340000X/import`)
    await signIn(page, undefined, 'claire.moreau', 'demo')
    await page.getByLabel(/Fichier d'export PRONOTE/).setInputFiles(exportFile)
  }],
  ['console-import-etape-2', async (page) => {
    await click(page, 'button', 'Vérifier le fichier')
    await click(page, 'link', 'Étape suivante')
  }],
  ['console-import-homonymes', async (page) => {
    await click(page, 'link', 'Choisir MARTIN Hugo (IDPN H3JD8SKW2MCV6TQE)')
    await page.getByRole('radio', { name: /hugo\.martin1/ }).check()
  }],
  ['console-import-recherche', async (page) => {
    await click(page, 'button', 'Enregistrer le choix')
    await click(page, 'link', 'Choisir MARTIN Hugo (IDPN Z9XC4VB7NM2LK8JH)')
    await page.getByRole('radio', { name: /hugo\.martin2/ }).check()
    await click(page, 'button', 'Enregistrer le choix')
    await click(page, 'link', 'Étape suivante')
    await click(page, 'link', /^Chercher la personne ROUX/)
    await page.getByLabel(/^Rechercher dans l'annuaire/).fill('roux')
    await click(page, 'button', 'Chercher')
  }],
  ['console-import-etape-6', async (page) => {
    await page.getByRole('radio', { name: /elodie\.roux/ }).check()
    await click(page, 'button', 'Enregistrer le choix')
    await click(page, 'link', /^6\. Bilan et enregistrement/)
  }],
  ['console-bilan', async (page) => {
    await click(page, 'button', 'Valider l\'import')
    await signIn(page, undefined, 'claire.moreau', 'demo')
    await click(page, 'button', 'Valider l\'import')
  }],
  ['console-historique', async (page) => { await click(page, 'link', 'Historique des imports') }]
]

/** Follows a link or a button that loads another page. */
async function click (page, role, name) {
  await Promise.all([page.waitForNavigation(), page.getByRole(role, { name, exact: typeof name === 'string' }).click()])
}

mkdirSync(OUT, { recursive: true })
try {
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    const profile = mkdtempSync(join(tmpdir(), 'sesame-screenshots-'))
    const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: ARGS, headless: true, viewport, locale: 'fr-FR' })
    const wizardApp = await startWizardApp()
    try {
      const page = context.pages()[0] ?? await context.newPage()
      for (const [name, step] of STEPS) {
        await step(page)
        // The caret blinks: hide it so that two runs give the same picture.
        await page.screenshot({ path: join(OUT, `${name}-${size}.png`), fullPage: true, caret: 'hide', animations: 'disabled' })
        console.log(`${OUT}/${name}-${size}.png`)
      }
    } finally {
      await wizardApp.close()
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    }
  }
} finally {
  await app.close()
  rmSync(scratch, { recursive: true, force: true })
}
