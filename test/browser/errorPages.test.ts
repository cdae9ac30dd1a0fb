import t from 'tap'
import { ensurePackages } from '../../scripts/testServices/ensurePackages.mjs'
import { DEMO_PASSWORD } from '../helpers/testApp.js'
import { openChromium } from './fixtures/chromium.js'
import { startEchoService } from './fixtures/echoService.js'
import { brokenDirectory, entDirectories, startSesame } from './fixtures/liveSesame.js'
import { loginUrl, submitSignIn } from './fixtures/signInForm.js'

// Fails loudly (never skips) when Chromium is missing and cannot be installed.
ensurePackages([['/usr/bin/chromium', 'chromium']])

t.test('in Chromium, a wrong password shows the form again with the error next to it, announced and tied to the fields', async (t) => {
  const sesame = await startSesame(t)
  const { page, problems } = await openChromium(t)
  await page.goto(loginUrl(sesame.url, 'http://127.0.0.1:9/pronote/'))
  await submitSignIn(page, { directory: 'Élève ou parent', username: 'lea.dupont', password: 'pas le bon' })
  const alert = page.getByRole('alert')
  t.equal((await alert.textContent())?.trim(), 'Identifiant ou mot de passe incorrect.')
  t.equal(await page.title(), 'Erreur — Connexion — Sésame', 'the title says there is an error')
  t.equal(await page.getByLabel('Mot de passe', { exact: true }).getAttribute('aria-describedby'), await alert.getAttribute('id'), 'the password field is described by the error')
  t.equal(await page.getByLabel('Identifiant', { exact: true }).inputValue(), 'lea.dupont', 'the login is kept')
  t.ok(await page.getByLabel('Élève ou parent', { exact: true }).isChecked(), 'the directory choice is kept')
  t.equal(await page.evaluate(() => document.activeElement?.id), 'password', 'the cursor waits in the password field')
  t.same((await page.context().cookies(sesame.url)).filter((c) => c.name === 'TGC'), [], 'no session')
  t.same(problems, [], 'no console error')
})

t.test('in Chromium, a person whose profile the application does not let in gets "Accès refusé" naming it, and stays on Sésame', async (t) => {
  const sesame = await startSesame(t)
  const app = await startEchoService(t)
  const { page, problems } = await openChromium(t)
  // The application only lets pupils in; marc.dupont is a parent.
  await page.goto(loginUrl(sesame.url, `${app}/eleves/cahier.html`))
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url() === `${sesame.url}/login`),
    submitSignIn(page, { directory: 'Élève ou parent', username: 'marc.dupont', password: DEMO_PASSWORD })
  ])
  t.equal(response.status(), 403)
  t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Accès refusé')
  t.match(await page.getByRole('alert').textContent(), /Cahier de textes \(élèves\)/)
  t.ok(page.url().startsWith(sesame.url), 'no redirect to the application')
  t.same(problems, [], 'no console error')
})

t.test('in Chromium, an application that is not registered gets "Application non autorisée" and no form', async (t) => {
  const sesame = await startSesame(t)
  const { page, problems } = await openChromium(t)
  const response = await page.goto(loginUrl(sesame.url, 'https://inconnue.example.org/'))
  t.equal(response?.status(), 403)
  t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Application non autorisée')
  t.equal(await page.getByLabel('Mot de passe', { exact: true }).count(), 0, 'no password is asked for an unknown application')
  t.ok(await page.getByRole('link', { name: 'Retour à la connexion' }).isVisible())
  t.same(problems, [], 'no console error')
})

t.test('in Chromium, a directory that cannot answer gives "Service momentanément indisponible" (503), not a wrong-password message', async (t) => {
  const [aten] = await entDirectories()
  const sesame = await startSesame(t, { directories: [aten, brokenDirectory('arena', 'Personnel Éducation nationale')] })
  const { page, problems } = await openChromium(t)
  await page.goto(loginUrl(sesame.url, 'http://127.0.0.1:9/pronote/'))
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url() === `${sesame.url}/login`),
    submitSignIn(page, { directory: 'Personnel Éducation nationale', username: 'anne-sophie.lefevre', password: DEMO_PASSWORD })
  ])
  t.equal(response.status(), 503)
  t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Service momentanément indisponible')
  t.match(await page.getByRole('alert').textContent(), /Réessayez dans quelques minutes/)
  t.same(problems, [], 'no console error')
})
