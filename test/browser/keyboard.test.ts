import t from 'tap'
import { ensurePackages } from '../../scripts/testServices/ensurePackages.mjs'
import { DEMO_PASSWORD } from '../helpers/testApp.js'
import { openChromium } from './fixtures/chromium.js'
import { startEchoService } from './fixtures/echoService.js'
import { startSesame } from './fixtures/liveSesame.js'
import { loginUrl } from './fixtures/signInForm.js'

// Fails loudly (never skips) when Chromium is missing and cannot be installed.
ensurePackages([['/usr/bin/chromium', 'chromium']])

t.test('with the keyboard alone (Tab, Space, typing, Enter) a person chooses "Élève ou parent", signs in and reaches the application', async (t) => {
  const sesame = await startSesame(t)
  const app = await startEchoService(t)
  const { page, problems } = await openChromium(t)
  await page.goto(loginUrl(sesame.url, `${app}/pronote/eleve.html`))
  const focused = async (): Promise<string> => await page.evaluate(() => {
    const e = document.activeElement as HTMLInputElement | null
    return e === null ? '' : `${e.name}${e.type === 'radio' ? `=${e.value}` : ''}`
  })
  t.equal(await focused(), 'directory=aten', 'the cursor starts on the first choice')
  await page.keyboard.press('Space')
  await page.keyboard.press('Tab')
  t.equal(await focused(), 'username', 'Tab goes from the choice to the login')
  await page.keyboard.type('lea.dupont')
  await page.keyboard.press('Tab')
  t.equal(await focused(), 'password')
  await page.keyboard.type(DEMO_PASSWORD)
  await Promise.all([page.waitForURL(/ticket=ST-/), page.keyboard.press('Enter')])
  t.match(page.url(), new RegExp(`^${app}/pronote/eleve\\.html\\?ticket=ST-`))
  t.same(problems, [], 'no console error')
})

t.test('with the keyboard alone, the fields come in reading order: choices, login, password, "Se souvenir de moi", the button', async (t) => {
  const sesame = await startSesame(t)
  const { page } = await openChromium(t)
  await page.goto(`${sesame.url}/login?selection=arena`)
  const order: string[] = []
  for (let i = 0; i < 4; i++) {
    order.push(await page.evaluate(() => {
      const e = document.activeElement as HTMLInputElement
      return e.tagName === 'BUTTON' ? `button:${e.textContent ?? ''}` : `${e.name}${e.type === 'radio' ? `=${e.value}` : ''}`
    }))
    await page.keyboard.press('Tab')
  }
  t.same(order, ['username', 'password', 'rememberMe', 'button:Se connecter'], 'with a preselected directory the cursor starts on the login')
})
