import t from 'tap'
import { ensurePackages } from '../../scripts/testServices/ensurePackages.mjs'
import { DEMO_PASSWORD } from '../helpers/testApp.js'
import { openChromium, PHONE } from './fixtures/chromium.js'
import { startSesame } from './fixtures/liveSesame.js'
import { loginUrl, submitSignIn } from './fixtures/signInForm.js'

// Fails loudly (never skips) when Chromium is missing and cannot be installed.
ensurePackages([['/usr/bin/chromium', 'chromium']])

t.test('every page reads at 360 px wide without sideways scrolling, loads nothing from elsewhere, and logs no console error', async (t) => {
  const sesame = await startSesame(t)
  const { page, problems } = await openChromium(t, PHONE)
  const foreign: string[] = []
  page.on('request', (r) => { if (!r.url().startsWith(`${sesame.url}/`) && !r.url().startsWith('data:')) foreign.push(r.url()) })
  const service = 'http://127.0.0.1:9/pronote/'
  const check = async (name: string): Promise<void> => {
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    t.ok(width <= PHONE.width, `${name}: ${width} px wide`)
    t.equal(await page.locator('link[rel=stylesheet]').getAttribute('href'), '/static/sesame.css', `${name}: the one stylesheet`)
    t.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(238, 242, 247)', `${name}: the stylesheet applied`)
  }
  await page.goto(loginUrl(sesame.url, service))
  await check('connexion')
  await submitSignIn(page, { directory: 'Élève ou parent', username: 'lea.dupont', password: 'faux' })
  await check('erreur de connexion')
  await page.goto(loginUrl(sesame.url, 'https://inconnue.example.org/'))
  await check('application inconnue')
  await page.goto(`${sesame.url}/login`)
  await submitSignIn(page, { directory: 'Élève ou parent', username: 'lea.dupont', password: DEMO_PASSWORD })
  await check('connecté')
  await page.goto(loginUrl(sesame.url, service, '&warn=true'))
  await check('confirmation')
  await page.goto(`${sesame.url}/logout`)
  await check('déconnecté')
  t.same(foreign, [], 'no external asset')
  t.same(problems, [], 'no console error')
})
