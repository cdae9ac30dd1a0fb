import { Writable } from 'node:stream'
import type { LightMyRequestResponse } from 'fastify'
import { Redis } from 'ioredis'
import t from 'tap'
import { loggerOptions } from '../../src/logger.js'
import { MemoryTicketStore } from '../../src/tickets/MemoryTicketStore.js'
import { RedisTicketStore } from '../../src/tickets/RedisTicketStore.js'
import type { TicketStore } from '../../src/tickets/TicketStore.js'
import { Browser, formCookies } from '../helpers/browser.js'
import { testApp } from '../helpers/testApp.js'
import { testRedisUrl } from '../helpers/testServers.js'

type App = Awaited<ReturnType<typeof testApp>>['app']

/** A ticket store whose one-time keys the test can count: in Redis by its keys, in memory by its entries. */
function countedStore (t: Parameters<typeof testApp>[0], kind: 'memory' | 'redis'): { tickets: TicketStore, onceKeys: () => Promise<number> } {
  if (kind === 'memory') {
    const tickets = new MemoryTicketStore()
    return { tickets, onceKeys: async () => (tickets as unknown as { once: Map<string, number> }).once.size }
  }
  const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 })
  t.teardown(() => { redis.disconnect() })
  const prefix = `test:${process.pid}:post-rate:${Math.random().toString(36).slice(2)}:`
  return { tickets: new RedisTicketStore(redis, prefix), onceKeys: async () => (await redis.keys(`${prefix}once:*`)).length }
}

/** Draws a form for a fresh browser at that address and posts it with its cookie. */
async function postFrom (app: App, address: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
  const page = await app.inject({ url: '/login', remoteAddress: address })
  return await app.inject({
    method: 'POST', url: '/login', remoteAddress: address, cookies: formCookies(page),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...Browser.hiddenFields(page.body), ...fields }).toString()
  })
}

for (const kind of ['memory', 'redis'] as const) {
  t.test(`POST /login stores nothing before its checks (${kind} store)`, async (t) => {
    t.test('a post with an empty username, an empty password or a login too long claims no one-time key', async (t) => {
      const { tickets, onceKeys } = countedStore(t, kind)
      const { app } = await testApp(t, { tickets, store: kind })
      for (const fields of [{ username: '', password: 'x' }, { username: 'lea.dupont', password: '' }, {}, { username: 'a'.repeat(300), password: 'x' }] as Array<Record<string, string>>) {
        const res = await postFrom(app, '10.5.0.1', fields)
        t.equal(res.statusCode, 400, JSON.stringify(fields).slice(0, 60))
        t.equal(await onceKeys(), 0, 'no key claimed')
      }
      t.equal((await postFrom(app, '10.5.0.1', { username: 'lea.dupont', password: 'wrong' })).statusCode, 401)
      t.equal(await onceKeys(), 1, 'a form whose password is checked claims its key')
    })

    t.test('a throttled post claims no one-time key', async (t) => {
      const { tickets, onceKeys } = countedStore(t, kind)
      const { app } = await testApp(t, { tickets, store: kind, env: { THROTTLE_LOGIN_FAILURES: '1' } })
      await postFrom(app, '10.5.0.2', { username: 'lea.dupont', password: 'wrong' })
      const before = await onceKeys()
      t.equal((await postFrom(app, '10.5.0.2', { username: 'lea.dupont', password: 'wrong' })).statusCode, 429)
      t.equal(await onceKeys(), before)
    })

    t.test('beyond THROTTLE_ADDRESS_POSTS in the window, POST /login from that address gets a French 429 page, whatever it holds', async (t) => {
      const { app } = await testApp(t, { store: kind, env: { THROTTLE_ADDRESS_POSTS: '5', THROTTLE_ADDRESS_POSTS_WINDOW_SECONDS: '60' } })
      for (let i = 0; i < 5; i++) t.equal((await postFrom(app, '10.5.0.3', {})).statusCode, 400)
      const res = await postFrom(app, '10.5.0.3', { username: 'lea.dupont', password: 'demo' })
      t.equal(res.statusCode, 429)
      t.match(res.body, /Trop de demandes de connexion depuis votre réseau/)
      t.equal((await postFrom(app, '10.5.0.4', { username: 'lea.dupont', password: 'demo' })).statusCode, 200, 'another address is not slowed')
      for (let i = 0; i < 5; i++) await postFrom(app, `2001:db8:5::${i + 1}`, {})
      t.equal((await postFrom(app, '2001:db8:5::ff', {})).statusCode, 429, 'one IPv6 /64 is one address')
    })
  })
}

t.test('a post refused for its rate is written in the audit log', async (t) => {
  const lines: string[] = []
  const stream = new Writable({ write (chunk, _enc, cb) { lines.push(String(chunk)); cb() } })
  const { app } = await testApp(t, { env: { THROTTLE_ADDRESS_POSTS: '1' }, app: { logger: { ...loggerOptions('info'), stream } } })
  await postFrom(app, '10.5.0.5', {})
  await postFrom(app, '10.5.0.5', {})
  const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.audit === 'login.refused')
  t.match(events, [{ reason: 'postRate', ip: '10.5.0.5' }])
})
