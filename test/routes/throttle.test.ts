import t from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { Browser, formCookies } from '../helpers/browser.js'
import { DEMO_PASSWORD, testApp } from '../helpers/testApp.js'

const env = { THROTTLE_LOGIN_FAILURES: '3', THROTTLE_ADDRESS_FAILURES: '6', THROTTLE_WINDOW_SECONDS: '60' }

type App = Awaited<ReturnType<typeof testApp>>['app']

/** Posts the form drawn for a fresh browser at that address, with the pre-login cookie it was given. */
async function postFrom (app: App, address: string, username: string, password: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const page = await app.inject({ url: '/login', remoteAddress: address, headers })
  return await app.inject({
    method: 'POST', url: '/login', remoteAddress: address,
    cookies: formCookies(page),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams({ ...Browser.hiddenFields(page.body), username, password }).toString()
  })
}

async function signInFrom (app: App, address: string, username: string, password: string): Promise<number> {
  return (await postFrom(app, address, username, password)).statusCode
}

for (const store of ['memory', 'redis'] as const) {
  t.test(`brute-force throttling (${store} store)`, async (t) => {
    t.test('after too many failures for one login from one address, sign-in answers 429 without checking the password', async (t) => {
      const { app } = await testApp(t, { env, store })
      for (let i = 0; i < 3; i++) t.equal(await signInFrom(app, '10.0.0.1', 'lea.dupont', 'wrong'), 401)
      t.equal(await signInFrom(app, '10.0.0.1', 'lea.dupont', DEMO_PASSWORD), 429, 'even the right password is not checked')
    })

    t.test('the 429 page says so in French', async (t) => {
      const { app } = await testApp(t, { env, store })
      for (let i = 0; i < 3; i++) await signInFrom(app, '10.0.0.2', 'lea.dupont', 'wrong')
      const res = await postFrom(app, '10.0.0.2', 'lea.dupont', 'x')
      t.equal(res.statusCode, 429)
      t.match(res.body, /Trop de tentatives de connexion/)
    })

    t.test('another person is never slowed by an attack on a different login from another address', async (t) => {
      const { app } = await testApp(t, { env, store })
      for (let i = 0; i < 10; i++) await signInFrom(app, '10.0.0.3', 'lea.dupont', 'wrong')
      t.equal(await signInFrom(app, '10.0.0.4', 'marc.dupont', DEMO_PASSWORD), 200)
      t.equal(await signInFrom(app, '10.0.0.4', 'lea.dupont', DEMO_PASSWORD), 200, 'the attacked login from another address still works')
    })

    t.test('too many failures from one address, over many logins, block that address', async (t) => {
      const { app } = await testApp(t, { env, store })
      for (let i = 0; i < 6; i++) await signInFrom(app, '10.0.0.5', `user${i}`, 'wrong')
      t.equal(await signInFrom(app, '10.0.0.5', 'marc.dupont', DEMO_PASSWORD), 429)
    })

    t.test('parallel attempts cannot all slip under the limit: only the first ones get their password checked', async (t) => {
      const { app } = await testApp(t, { env, store })
      const statuses = await Promise.all(Array.from({ length: 30 }, async () => await signInFrom(app, '10.0.0.7', 'lea.dupont', 'wrong')))
      t.equal(statuses.filter((s) => s === 401).length, 3, `3 wrong passwords checked, ${statuses.filter((s) => s === 429).length} refused unchecked`)
      t.equal(statuses.filter((s) => s === 429).length, 27)
    })

    t.test('a login spelt with look-alike characters shares the login\'s count', async (t) => {
      const { app } = await testApp(t, { env, store })
      for (let i = 0; i < 3; i++) await signInFrom(app, '10.0.0.8', 'lea.dupont', 'wrong')
      // Fullwidth letters and upper case: the same login once NFKC-folded, as LDAP compares it.
      t.equal(await signInFrom(app, '10.0.0.8', 'ＬＥＡ.dupont', 'wrong'), 429)
    })

    t.test('attempts refused while a login is throttled do not use up the address\'s allowance', async (t) => {
      const { app } = await testApp(t, { env, store })
      for (let i = 0; i < 3; i++) await signInFrom(app, '10.0.0.10', 'lea.dupont', 'wrong')
      for (let i = 0; i < 10; i++) t.equal(await signInFrom(app, '10.0.0.10', 'lea.dupont', 'wrong'), 429)
      t.equal(await signInFrom(app, '10.0.0.10', 'marc.dupont', DEMO_PASSWORD), 200, 'another pupil behind the same address still signs in')
    })

    t.test('successful sign-ins from one address do not count against it', async (t) => {
      const { app } = await testApp(t, { env, store })
      for (let i = 0; i < 8; i++) t.equal(await signInFrom(app, '10.0.0.9', i % 2 === 0 ? 'lea.dupont' : 'marc.dupont', DEMO_PASSWORD), 200)
      t.equal(await signInFrom(app, '10.0.0.9', 'user1', 'wrong'), 401, 'a school behind one address is not blocked by its own sign-ins')
    })

    t.test('a success resets the login\'s count', async (t) => {
      const { app } = await testApp(t, { env, store })
      for (let i = 0; i < 2; i++) await signInFrom(app, '10.0.0.6', 'lea.dupont', 'wrong')
      t.equal(await signInFrom(app, '10.0.0.6', 'lea.dupont', DEMO_PASSWORD), 200)
      for (let i = 0; i < 2; i++) t.equal(await signInFrom(app, '10.0.0.6', 'lea.dupont', 'wrong'), 401)
      t.equal(await signInFrom(app, '10.0.0.6', 'lea.dupont', DEMO_PASSWORD), 200, 'two more failures are still under the limit')
    })
  })
}

t.test('a client cannot escape throttling by sending X-Forwarded-For when no proxy is trusted', async (t) => {
  const { app } = await testApp(t, { env })
  for (let i = 0; i < 3; i++) {
    await postFrom(app, '10.0.1.1', 'lea.dupont', 'wrong', { 'x-forwarded-for': `192.0.2.${i}` })
  }
  t.equal(await signInFrom(app, '10.0.1.1', 'lea.dupont', DEMO_PASSWORD), 429)
})
