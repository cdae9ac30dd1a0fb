import { Redis } from 'ioredis'
import t from 'tap'
import { RedisTicketStore } from '../../src/tickets/RedisTicketStore.js'
import { testRedisUrl } from '../helpers/testServers.js'
import { ticketStoreContract } from './ticketStoreContract.js'

const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 })
t.teardown(() => { redis.disconnect() })
let n = 0

ticketStoreContract(t, async () => {
  const store = new RedisTicketStore(redis, `test:${process.pid}:${n++}:`, { sweepMs: 100 })
  t.teardown(async () => await store.close())
  return store
})

t.test('of several nodes watching one Redis, one alone reports an expired session', async (t) => {
  const { aSession, aTicket } = await import('./ticketStoreContract.js')
  const prefix = `test:${process.pid}:nodes:`
  const nodes = [1, 2, 3].map(() => new RedisTicketStore(redis, prefix, { sweepMs: 50 }))
  t.teardown(async () => { for (const n of nodes) await n.close() })
  const seen: string[] = []
  for (const n of nodes) n.watchExpiredSessions((e) => seen.push(e.tgt.id))
  const sessions = Array.from({ length: 20 }, () => aSession({ idleMs: 200 }))
  for (const tgt of sessions) {
    await nodes[0]!.createSession(tgt)
    await nodes[0]!.addServiceTicket(aTicket(tgt, { singleLogout: true }), 60)
  }
  await new Promise((resolve) => setTimeout(resolve, 1200))
  t.equal(seen.length, 20, 'every expired session reported')
  t.equal(new Set(seen).size, 20, 'each one once')
})

t.test('a session key carries its lifetime, plus the grace left to the sweeper: value and TTL are written together', async (t) => {
  const store = new RedisTicketStore(redis, `test:${process.pid}:ttl:`, { graceMs: 60_000 })
  const { aSession } = await import('./ticketStoreContract.js')
  const tgt = aSession({ idleMs: 5000 })
  await store.createSession(tgt)
  const ttl = await redis.pttl(store.sessionKey(tgt.id))
  t.ok(ttl > 60_000 && ttl <= 65_000, `pttl ${ttl}`)
})

t.test('a session\'s key keeps one entry per service: 1,000 tickets to one service leave it as small as one', async (t) => {
  const { aSession, aTicket } = await import('./ticketStoreContract.js')
  const store = new RedisTicketStore(redis, `test:${process.pid}:flood:`)
  const tgt = aSession()
  await store.createSession(tgt)
  await store.addServiceTicket(aTicket(tgt, { singleLogout: true }), 10)
  const one = await redis.memory('USAGE', store.sessionKey(tgt.id)) as number
  for (let i = 0; i < 1000; i += 100) {
    await Promise.all(Array.from({ length: 100 }, async () => await store.addServiceTicket(aTicket(tgt, { singleLogout: true }), 10)))
  }
  t.equal(await redis.llen(store.sessionKey(tgt.id)), 2, 'the session and one service entry')
  t.equal(await redis.memory('USAGE', store.sessionKey(tgt.id)), one)
  t.equal((await store.endSession(tgt.id))?.services.length, 1)
})

t.test('a ticket stored in the earlier shape (its session id not first) still validates once, and not once its session has ended', async (t) => {
  const { aSession, aTicket } = await import('./ticketStoreContract.js')
  const store = new RedisTicketStore(redis, `test:${process.pid}:upgrade:`)
  const tgt = aSession()
  await store.createSession(tgt)
  // As a node of the previous version wrote it, during a rolling upgrade.
  const writeEarlier = async (st: ReturnType<typeof aTicket>): Promise<void> => {
    const { id, ...stored } = st
    await redis.set(store.serviceTicketKey(id), JSON.stringify({ ...stored, tgtId: st.tgtId }), 'EX', 10)
  }
  const st = aTicket(tgt)
  await writeEarlier(st)
  t.same(await store.consumeServiceTicket(st.id), st)
  t.equal(await store.consumeServiceTicket(st.id), undefined, 'single use')
  const late = aTicket(tgt)
  await writeEarlier(late)
  await store.endSession(tgt.id)
  t.equal(await store.consumeServiceTicket(late.id), undefined, 'its session ended')
  t.equal(await redis.exists(store.serviceTicketKey(late.id)), 0, 'consumed all the same')
})
