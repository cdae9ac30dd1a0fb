import t from 'tap'
import { Writable } from 'node:stream'
import type { LightMyRequestResponse } from 'fastify'
import type { Directory } from '../../src/directory/Directory.js'
import { FileDirectory } from '../../src/directory/FileDirectory.js'
import { loggerOptions } from '../../src/logger.js'
import { Browser, formCookies } from '../helpers/browser.js'
import { DEMO_PASSWORD, testApp } from '../helpers/testApp.js'

const env = { THROTTLE_LOGIN_FAILURES: '3', THROTTLE_ADDRESS_FAILURES: '6', THROTTLE_WINDOW_SECONDS: '60' }

/** The demo directory, counting the passwords it is asked to check. */
async function countingDirectory (): Promise<{ directory: Directory, checked: () => number }> {
  const demo = await FileDirectory.load('demo', 'Comptes de démonstration', 'config/demo-users.json')
  let n = 0
  const directory: Directory = {
    id: demo.id,
    label: demo.label,
    authenticate: async (login, password) => { n++; return await demo.authenticate(login, password) },
    peopleOf: (uai) => demo.peopleOf(uai),
    ping: async () => await demo.ping(),
    close: async () => { await demo.close() }
  }
  return { directory, checked: () => n }
}

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

    t.test('60 wrong passwords for one login from rotating addresses stop being checked after THROTTLE_LOGIN_ANY_ADDRESS_FAILURES', async (t) => {
      const { directory, checked } = await countingDirectory()
      const { app } = await testApp(t, { env: { ...env, THROTTLE_LOGIN_ANY_ADDRESS_FAILURES: '20' }, store, directories: [directory] })
      const statuses: number[] = []
      for (let i = 0; i < 60; i++) statuses.push(await signInFrom(app, `10.2.${i >> 8}.${i & 255}`, 'lea.dupont', 'wrong'))
      t.equal(checked(), 20, 'the directory checked 20 passwords, not 60')
      t.same(statuses.slice(0, 20), Array(20).fill(401))
      t.same(statuses.slice(20), Array(40).fill(429), 'then every attempt is refused unchecked, from any address')
      t.equal(await signInFrom(app, '10.3.0.1', 'marc.dupont', DEMO_PASSWORD), 200, 'other logins are not held back')
    })

    t.test('the per-login limit counts unknown logins too, and says nothing that tells them apart', async (t) => {
      const { app } = await testApp(t, { env: { ...env, THROTTLE_LOGIN_ANY_ADDRESS_FAILURES: '2' }, store })
      const pages: string[] = []
      for (const login of ['lea.dupont', 'personne.inconnue']) {
        for (let i = 0; i < 2; i++) t.equal(await signInFrom(app, `10.4.${i}.1`, login, 'wrong'), 401)
        const res = await postFrom(app, '10.4.9.1', login, 'wrong')
        t.equal(res.statusCode, 429, login)
        pages.push(res.body.replace(/value="[^"]*"/g, ''))
      }
      t.equal(pages[0], pages[1], 'the same page for a known and an unknown login')
    })

    t.test('addresses of one IPv6 /64 share their counts', async (t) => {
      const { app } = await testApp(t, { env, store })
      for (let i = 1; i <= 3; i++) t.equal(await signInFrom(app, `2001:db8:1:2::${i}`, 'lea.dupont', 'wrong'), 401)
      t.equal(await signInFrom(app, '2001:db8:1:2:ffff:ffff:ffff:ffff', 'lea.dupont', DEMO_PASSWORD), 429, 'another address of the /64')
      t.equal(await signInFrom(app, '2001:db8:1:3::1', 'lea.dupont', DEMO_PASSWORD), 200, 'the next /64 is another source')
    })

    t.test('a login spelt with U+0130 (İ) shares the count of the login OpenLDAP finds for it', async (t) => {
      const { app } = await testApp(t, { env, store })
      for (let i = 0; i < 3; i++) await signInFrom(app, '10.0.0.11', 'lea.martin', 'wrong')
      t.equal(await signInFrom(app, '10.0.0.11', 'lea.mart\u0130n', 'wrong'), 429)
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

t.test('behind a trusted proxy, a rotating X-Forwarded-For does not reset the count of a login', async (t) => {
  const { directory, checked } = await countingDirectory()
  const { app } = await testApp(t, { env: { ...env, TRUST_PROXY: '1', THROTTLE_LOGIN_ANY_ADDRESS_FAILURES: '5' }, directories: [directory] })
  for (let i = 0; i < 60; i++) await postFrom(app, '10.0.1.2', 'lea.dupont', 'wrong', { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.${i}` })
  t.equal(checked(), 5)
})

t.test('an attempt refused by the per-login limit is written in the audit log, with the limit reached', async (t) => {
  const lines: string[] = []
  const stream = new Writable({ write (chunk, _enc, cb) { lines.push(String(chunk)); cb() } })
  const { app } = await testApp(t, { env: { ...env, THROTTLE_LOGIN_ANY_ADDRESS_FAILURES: '1' }, app: { logger: { ...loggerOptions('info'), stream } } })
  await signInFrom(app, '10.6.0.1', 'lea.dupont', 'wrong')
  t.equal(await signInFrom(app, '10.6.0.2', 'lea.dupont', 'wrong'), 429)
  const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.audit === 'login.throttled')
  t.match(events, [{ limit: 'login', ip: '10.6.0.2' }])
})
