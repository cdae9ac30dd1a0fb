import t from 'tap'
import { ensurePackages } from '../../scripts/testServices/ensurePackages.mjs'
import { DEMO_PASSWORD } from '../helpers/testApp.js'
import { openChromium } from './fixtures/chromium.js'
import { startEchoService } from './fixtures/echoService.js'
import { startSesame } from './fixtures/liveSesame.js'
import { loginUrl, submitSignIn } from './fixtures/signInForm.js'

// Fails loudly (never skips) when Chromium is missing and cannot be installed.
ensurePackages([['/usr/bin/chromium', 'chromium']])

const LEA = { directory: 'Élève ou parent', username: 'lea.dupont', password: DEMO_PASSWORD }

t.test('in Chromium, a pupil signs in through the form and lands on the application with a service ticket for her', async (t) => {
  const sesame = await startSesame(t)
  const app = await startEchoService(t)
  const { page, problems } = await openChromium(t)
  const service = `${app}/pronote/eleve.html`
  await page.goto(loginUrl(sesame.url, service))
  t.equal(await page.title(), 'Connexion — Sésame')
  t.ok(await page.getByText('PRONOTE — Lycée Joffre (test)').isVisible(), 'the page names the application')
  await submitSignIn(page, LEA)
  t.match(page.url(), new RegExp(`^${app}/pronote/eleve\\.html\\?ticket=ST-[A-Za-z0-9-]+$`))
  const ticket = await page.locator('#ticket').textContent() ?? ''
  const validation = await fetch(`${sesame.url}/p3/serviceValidate?service=${encodeURIComponent(service)}&ticket=${ticket}`)
  t.match(await validation.text(), /<cas:user>lea\.dupont<\/cas:user>/, 'the ticket validates as the person who signed in')
  t.same(problems, [], 'no console error')
})

t.test('in Chromium, single sign-on: a second application gets a ticket without the form being shown again', async (t) => {
  const sesame = await startSesame(t)
  const app = await startEchoService(t)
  const { page, problems } = await openChromium(t)
  await page.goto(loginUrl(sesame.url, `${app}/pronote/eleve.html`))
  await submitSignIn(page, LEA)
  const visited: string[] = []
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) visited.push(frame.url()) })
  await page.goto(loginUrl(sesame.url, `${app}/cahier/`))
  t.match(page.url(), new RegExp(`^${app}/cahier/\\?ticket=ST-`))
  t.notOk(visited.some((u) => u.startsWith(`${sesame.url}/login`)), 'no sign-in page was displayed on the way')
  t.same(problems, [], 'no console error')
})

t.test('in Chromium, "Se déconnecter" ends the session: the page says so and the next visit asks for the password', async (t) => {
  const sesame = await startSesame(t)
  const { page, problems } = await openChromium(t)
  await page.goto(`${sesame.url}/login`)
  await submitSignIn(page, LEA)
  t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Mes services')
  t.ok(await page.getByText('Léa DUPONT').isVisible(), 'the signed-in page greets the person by name')
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Se déconnecter' }).click()])
  t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Vous êtes déconnecté')
  // Only the pre-login cookie the next form is bound to stays.
  t.same((await page.context().cookies(sesame.url)).filter((c) => c.name === 'TGC'), [], 'the ticket-granting cookie is gone')
  await page.goto(`${sesame.url}/login`)
  t.ok(await page.getByLabel('Mot de passe', { exact: true }).isVisible(), 'the form is back')
  t.same(problems, [], 'no console error')
})

t.test('in Chromium, warn=true asks before going on to the application, then "Continuer" delivers the ticket', async (t) => {
  const sesame = await startSesame(t)
  const app = await startEchoService(t)
  const { page, problems } = await openChromium(t)
  await page.goto(loginUrl(sesame.url, `${app}/pronote/eleve.html`))
  await submitSignIn(page, LEA)
  await page.goto(loginUrl(sesame.url, `${app}/pronote/eleve.html`, '&warn=true'))
  t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Accès à PRONOTE — Lycée Joffre (test)')
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Continuer' }).click()])
  t.match(page.url(), /\?ticket=ST-/)
  t.same(problems, [], 'no console error')
})
