import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Redis } from 'ioredis'
import t from 'tap'
import { startRedisSentinel } from '../../scripts/testServices/redisSentinel.mjs'
import { createRedisClient } from '../../src/config/createRedisClient.js'
import { loadEnv } from '../../src/config/loadEnv.js'
import { RedisLinkStore } from '../../src/pronote/RedisLinkStore.js'
import { RedisAttemptStore } from '../../src/throttle/RedisAttemptStore.js'
import { RedisTicketStore } from '../../src/tickets/RedisTicketStore.js'
import { linkStoreContract } from '../pronote/linkStoreContract.js'
import { attemptStoreContract } from '../throttle/attemptStoreContract.js'
import { aSession, aTicket, ticketStoreContract } from '../tickets/ticketStoreContract.js'

// A real master, replica and sentinel on loopback, reached the way the server does
// (REDIS_SENTINELS, REDIS_SENTINEL_NAME). No skip: a set-up that cannot start fails the file.
const dir = mkdtempSync(join(tmpdir(), 'sesame-sentinel-'))
const sentinel = await startRedisSentinel({ dir, name: 'sesame' })
const config = loadEnv({
  REDIS_SENTINELS: sentinel.sentinels.map((s) => `${s.host}:${s.port}`).join(','),
  REDIS_SENTINEL_NAME: 'sesame'
})
const redis = createRedisClient(config.redis!) as Redis
t.teardown(async () => {
  redis.disconnect()
  await sentinel.stop()
  rmSync(dir, { recursive: true, force: true })
})
let n = 0

t.test('the client asks the sentinel for the master and writes there', async (t) => {
  t.equal(config.redis?.kind, 'sentinel')
  await redis.set('where', 'here')
  t.match(await redis.info('server'), new RegExp(`tcp_port:${sentinel.masterPort}\\b`))
  t.match(await redis.info('replication'), /role:master/)
})

t.test('ticket store through Sentinel', async (t) => {
  ticketStoreContract(t, async () => new RedisTicketStore(redis, `sentinel:${n++}:`, { sweepMs: 100 }))
})

t.test('link store through Sentinel', async (t) => {
  linkStoreContract(t, async () => {
    await redis.flushall()
    return new RedisLinkStore(redis)
  })
})

t.test('attempt store through Sentinel', async (t) => {
  attemptStoreContract(t, () => new RedisAttemptStore(redis, `sentinel:${n++}:attempts:`))
})

// Runs last: it swaps the roles of the two servers.
t.test('after a failover, the client follows the new master: sessions replicated before it survive and new tickets work', async (t) => {
  const store = new RedisTicketStore(redis, `sentinel:${n++}:`)
  const tgt = aSession()
  await store.createSession(tgt)
  await redis.wait(1, 1000)
  const newMaster = await sentinel.failover()
  t.equal(newMaster, sentinel.replicaPort, 'the replica was promoted')
  // The client hears of the switch from the sentinel (+switch-master), or meets READONLY on the
  // demoted master, and reconnects to the new one.
  const deadline = Date.now() + 10_000
  for (;;) {
    const port = await redis.info('server').then((info) => /tcp_port:(\d+)/.exec(info)?.[1], () => undefined)
    if (port === String(newMaster)) break
    if (Date.now() > deadline) { t.fail(`still on port ${port} ten seconds after the failover`); return }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const session = await store.useSession(tgt.id)
  const st = aTicket(tgt)
  await store.addServiceTicket(st, 10)
  t.same(await store.consumeServiceTicket(st.id), st, 'a ticket issued after the failover validates')
  t.same(session, tgt, 'the session replicated before the failover is still there')
  t.match(await redis.info('replication'), /role:master/)
})
