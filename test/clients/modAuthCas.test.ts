import t, { type Test } from 'tap'
import { ensurePackages } from '../../scripts/testServices/ensurePackages.mjs'
import { openChromium } from '../browser/fixtures/chromium.js'
import { startSesame } from '../browser/fixtures/liveSesame.js'
import { submitSignIn } from '../browser/fixtures/signInForm.js'
import { DEMO_PASSWORD } from '../helpers/testApp.js'
import { startApache } from './fixtures/apache.js'

// Fails loudly (never skips) when Chromium or Apache with mod_auth_cas is missing and cannot be installed.
ensurePackages([
  ['/usr/bin/chromium', 'chromium'],
  ['/usr/sbin/apache2', 'apache2'],
  ['/usr/lib/apache2/modules/mod_auth_cas.so', 'libapache2-mod-auth-cas']
])

/** Signs in to the Apache-protected page through Sésame's form in Chromium; returns what the page shows. */
async function signInThroughApache (t: Test, validatePath: string): Promise<{ page: string, requests: string[], problems: string[] }> {
  const requests: string[] = []
  const sesame = await startSesame(t, { requests })
  const apache = await startApache(t, sesame.url, validatePath)
  const { page, problems } = await openChromium(t)
  await page.goto(apache.protectedUrl)
  const login = new URL(page.url())
  t.equal(`${login.origin}${login.pathname}`, `${sesame.url}/login`, 'mod_auth_cas sends the browser to Sésame')
  t.equal(login.searchParams.get('service'), apache.protectedUrl, '…naming the protected page as the service')
  await submitSignIn(page, { directory: 'Élève ou parent', username: 'lea.dupont', password: DEMO_PASSWORD })
  t.equal(page.url(), apache.protectedUrl, 'back on the protected page, the ticket taken off the address')
  if (page.url() !== apache.protectedUrl) t.comment(apache.errorLog())
  // Apache's own pages (its 404 for /favicon.ico) are not Sésame's business.
  return { page: await page.locator('body').innerText(), requests, problems: problems.filter((p) => p.startsWith(sesame.url)) }
}

for (const validatePath of ['/serviceValidate', '/p3/serviceValidate']) {
  t.test(`Apache mod_auth_cas 1.2 validating at ${validatePath}: the person signs in through Sésame and the page gets her uid as REMOTE_USER and PRONOTE's attributes as CAS-* headers`, async (t) => {
    const { page, requests, problems } = await signInThroughApache(t, validatePath)
    t.match(page, /^REMOTE_USER=lea\.dupont$/m)
    t.match(page, /^HTTP_CAS_USER=lea\.dupont$/m, 'CASAuthNHeader')
    t.match(page, /^HTTP_CAS_NOM=DUPONT$/m, 'attributes read from <cas:attributes>')
    t.match(page, /^HTTP_CAS_PRENOM=Léa$/m, 'in UTF-8')
    t.match(page, /^HTTP_CAS_CATEGORIES=National_1$/m)
    t.match(page, /^HTTP_CAS_ENTPERSONPROFILS=National_ELV$/m)
    t.ok(requests.some((r) => r.startsWith(`GET ${validatePath}?`)), `mod_auth_cas called ${validatePath}`)
    t.same(problems, [], 'no console error on Sésame\'s pages')
  })
}
