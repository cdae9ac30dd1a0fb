import { Redis } from 'ioredis'
import t from 'tap'
import { RedisTicketStore } from '../../src/tickets/RedisTicketStore.js'
import { testRedisUrl } from '../helpers/testServers.js'
import { ticketStoreContract } from './ticketStoreContract.js'

const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 })
t.teardown(() => { redis.disconnect() })
let n = 0

ticketStoreContract(t, async () => new RedisTicketStore(redis, `test:${process.pid}:${n++}:`))

t.test('a session key carries its lifetime: value and TTL are written together', async (t) => {
  const store = new RedisTicketStore(redis, `test:${process.pid}:ttl:`)
  const { aSession } = await import('./ticketStoreContract.js')
  const tgt = aSession({ idleMs: 5000 })
  await store.createSession(tgt)
  const ttl = await redis.pttl(store.sessionKey(tgt.id))
  t.ok(ttl > 0 && ttl <= 5000, `pttl ${ttl}`)
})
