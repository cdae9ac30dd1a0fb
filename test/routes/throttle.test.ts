import t from 'tap'
import { Browser } from '../helpers/browser.js'
import { DEMO_PASSWORD, testApp } from '../helpers/testApp.js'

const env = { THROTTLE_LOGIN_FAILURES: '3', THROTTLE_ADDRESS_FAILURES: '6', THROTTLE_WINDOW_SECONDS: '60' }

async function signInFrom (app: Awaited<ReturnType<typeof testApp>>['app'], address: string, username: string, password: string): Promise<number> {
  const page = await app.inject({ url: '/login', remoteAddress: address })
  const res = await app.inject({
    method: 'POST', url: '/login', remoteAddress: address,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...Browser.hiddenFields(page.body), username, password }).toString()
  })
  return res.statusCode
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
      const page = await app.inject({ url: '/login', remoteAddress: '10.0.0.2' })
      const res = await app.inject({
        method: 'POST', url: '/login', remoteAddress: '10.0.0.2',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ ...Browser.hiddenFields(page.body), username: 'lea.dupont', password: 'x' }).toString()
      })
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
    const page = await app.inject({ url: '/login', remoteAddress: '10.0.1.1' })
    await app.inject({
      method: 'POST', url: '/login', remoteAddress: '10.0.1.1',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `192.0.2.${i}` },
      payload: new URLSearchParams({ ...Browser.hiddenFields(page.body), username: 'lea.dupont', password: 'wrong' }).toString()
    })
  }
  t.equal(await signInFrom(app, '10.0.1.1', 'lea.dupont', DEMO_PASSWORD), 429)
})
