import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Cluster } from 'ioredis'
import t from 'tap'
import { startRedisCluster } from '../../scripts/testServices/redisCluster.mjs'
import { createRedisClient } from '../../src/config/createRedisClient.js'
import { loadEnv } from '../../src/config/loadEnv.js'
import { RedisLinkStore } from '../../src/pronote/RedisLinkStore.js'
import { RedisAttemptStore } from '../../src/throttle/RedisAttemptStore.js'
import { RedisTicketStore } from '../../src/tickets/RedisTicketStore.js'
import { linkStoreContract } from '../pronote/linkStoreContract.js'
import { attemptStoreContract } from '../throttle/attemptStoreContract.js'
import { aSession, aTicket, ticketStoreContract } from '../tickets/ticketStoreContract.js'

// A real three-master cluster on loopback, reached the way the server does (REDIS_CLUSTER_NODES).
// No skip: a cluster that cannot start fails the file.
const dir = mkdtempSync(join(tmpdir(), 'sesame-cluster-'))
const cluster = await startRedisCluster({ dir })
const config = loadEnv({ REDIS_CLUSTER_NODES: cluster.nodes.map((n) => `${n.host}:${n.port}`).join(',') })
const redis = createRedisClient(config.redis!) as Cluster
t.teardown(async () => {
  redis.disconnect()
  await cluster.stop()
  rmSync(dir, { recursive: true, force: true })
})
let n = 0

t.test('the cluster has three masters, and the client sees them', async (t) => {
  t.equal(config.redis?.kind, 'cluster')
  await redis.ping()
  t.equal(redis.nodes('master').length, 3)
})

t.test('ticket store on a Redis Cluster', async (t) => {
  ticketStoreContract(t, async () => new RedisTicketStore(redis, `cluster:${n++}:`, { sweepMs: 100 }))

  t.test('a session and its tickets spread over several masters, and each operation still works', async (t) => {
    const store = new RedisTicketStore(redis, 'spread:')
    const tgt = aSession()
    await store.createSession(tgt)
    // Enough tickets that their keys (one slot each) land on every master.
    const tickets = Array.from({ length: 30 }, () => aTicket(tgt))
    await Promise.all(tickets.map(async (st) => { await store.addServiceTicket(st, 10) }))
    const slots = new Set(await Promise.all(tickets.map(async (st) => await redis.cluster('KEYSLOT', `spread:st:${st.id}`) as number)))
    const owners = (await redis.cluster('SLOTS')).map(([from, to, master]) => ({ from, to, master: `${master?.[0]}:${master?.[1]}` }))
    const masters = new Set([...slots].map((slot) => owners.find((o) => slot >= o.from && slot <= o.to)?.master))
    t.equal(masters.size, 3, 'the tickets live on all three masters')
    t.same(await store.consumeServiceTicket(tickets[0]!.id), tickets[0])
    const ended = await store.endSession(tgt.id)
    t.equal(ended?.services.length, 1, 'one service, one entry')
    for (const st of tickets.slice(1)) t.equal(await store.consumeServiceTicket(st.id), undefined, 'ended with the session')
  })
})

t.test('link store on a Redis Cluster', async (t) => {
  linkStoreContract(t, async () => {
    await Promise.all(redis.nodes('master').map(async (node) => await node.flushall()))
    return new RedisLinkStore(redis)
  })
})

t.test('attempt store on a Redis Cluster', async (t) => {
  attemptStoreContract(t, () => new RedisAttemptStore(redis, `cluster:${n++}:attempts:`))

  t.test('counts reads keys held by different masters', async (t) => {
    const store = new RedisAttemptStore(redis, `cluster:${n++}:attempts:`)
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}`)
    for (const [i, k] of keys.entries()) for (let j = 0; j <= i % 3; j++) await store.hit(k, 60)
    t.same(await store.counts(keys), keys.map((_, i) => (i % 3) + 1))
  })
})
