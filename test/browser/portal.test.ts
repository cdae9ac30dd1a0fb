import t, { type Test } from 'tap'
import { ensurePackages } from '../../scripts/testServices/ensurePackages.mjs'
import { DEMO_PASSWORD } from '../helpers/testApp.js'
import { openChromium, PHONE } from './fixtures/chromium.js'
import { startEchoService } from './fixtures/echoService.js'
import { entDirectories, startSesame } from './fixtures/liveSesame.js'
import { submitSignIn } from './fixtures/signInForm.js'

// Fails loudly (never skips) when Chromium is missing and cannot be installed.
ensurePackages([['/usr/bin/chromium', 'chromium']])

/** Two PRONOTE servers on a loopback application, one per establishment; the first closed to other staff. */
function pronoteServices (app: string): unknown[] {
  return [
    { id: 'pn-x', name: 'PRONOTE — Lycée Joffre', uai: '0340000X', serviceId: `${app}/0340000x/pronote/**`, attributeRelease: 'pronote', access: ['eleve', 'parent', 'enseignant'], evaluationOrder: 10 },
    { id: 'pn-y', name: 'PRONOTE — Collège Clemenceau', uai: '0340001Y', serviceId: `${app}/0340001y/pronote/**`, attributeRelease: 'pronote', evaluationOrder: 20 }
  ]
}

interface Journey { login: string, directory: string, tiles: Array<[string, string]> }

const JOURNEYS: Journey[] = [
  { login: 'lea.dupont', directory: 'Élève ou parent', tiles: [['PRONOTE — Lycée Joffre', '/0340000x/pronote/eleve.html']] },
  {
    login: 'marc.dupont',
    directory: 'Élève ou parent',
    tiles: [['PRONOTE — Lycée Joffre', '/0340000x/pronote/parent.html'], ['PRONOTE — Collège Clemenceau', '/0340001y/pronote/parent.html']]
  },
  { login: 'anne-sophie.lefevre', directory: 'Personnel Éducation nationale', tiles: [['PRONOTE — Lycée Joffre', '/0340000x/pronote/professeur.html']] },
  { login: 'paul.garcia', directory: 'Personnel Éducation nationale', tiles: [] }
]

async function journey (t: Test, j: Journey): Promise<void> {
  const app = await startEchoService(t)
  const sesame = await startSesame(t, { services: pronoteServices(app), directories: await entDirectories() })
  const { page, problems } = await openChromium(t, PHONE)
  await page.goto(`${sesame.url}/`)
  t.match(page.url(), `${sesame.url}/login`, 'not signed in: the sign-in form')
  await submitSignIn(page, { directory: j.directory, username: j.login, password: DEMO_PASSWORD })
  t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Mes services')
  const tiles = page.locator('a.tile')
  t.same(await tiles.locator('.tile-name').allTextContents(), j.tiles.map(([name]) => name), 'exactly the services this person may open')
  if (j.tiles.length === 0) t.ok(await page.getByText('Aucune application n\'est ouverte à votre profil').isVisible(), 'told so in French')
  t.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= PHONE.width, 'reads at 360 px')
  for (const [name, path] of j.tiles) {
    await page.goto(`${sesame.url}/`)
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name, exact: true }).click()])
    t.match(page.url(), new RegExp(`^${app}${path.replace(/\./g, '\\.')}\\?ticket=ST-[A-Za-z0-9-]+$`), `${name}: PRONOTE reached with a ticket, no password asked`)
    const ticket = await page.locator('#ticket').textContent() ?? ''
    const validation = await fetch(`${sesame.url}/p3/serviceValidate?service=${encodeURIComponent(`${app}${path}`)}&ticket=${ticket}`)
    t.match(await validation.text(), new RegExp(`<cas:user>${j.login.replace(/\./g, '\\.')}</cas:user>`), 'the ticket validates as this person')
  }
  t.same(problems, [], 'no console error')
}

for (const j of JOURNEYS) {
  t.test(`in Chromium, ${j.login} signs in without a service and sees exactly their services on "Mes services", each opening with a ticket`, async (t) => { await journey(t, j) })
}
