import t from 'tap'
import { MemoryAttemptStore } from '../../src/throttle/MemoryAttemptStore.js'

t.test('the memory attempt store holds at most maxKeys counters, however many keys an attack makes', async (t) => {
  const store = new MemoryAttemptStore({ maxKeys: 100 })
  t.teardown(async () => { await store.close() })
  for (let i = 0; i < 10_000; i++) await store.hit(`k${i}`, 900)
  t.equal(store.size, 100)
  t.same(await store.counts(['k9999', 'k9900', 'k9899', 'k0']), [1, 1, 0, 0], 'the newest windows are kept, the oldest go first')
})

t.test('when full, expired counters go before any live one', async (t) => {
  let now = 1_000_000
  const store = new MemoryAttemptStore({ maxKeys: 3, now: () => now })
  t.teardown(async () => { await store.close() })
  await store.hit('short', 1)
  await store.hit('live-1', 900)
  await store.hit('live-1', 900)
  await store.hit('live-2', 900)
  now += 2000
  await store.hit('new', 900)
  t.same(await store.counts(['live-1', 'live-2', 'new']), [2, 1, 1], 'only the expired counter made room')
  t.equal(store.size, 3)
})

t.test('eviction follows the order windows started, not hits: hammering a key does not keep it', async (t) => {
  const store = new MemoryAttemptStore({ maxKeys: 2 })
  t.teardown(async () => { await store.close() })
  await store.hit('hammered', 900)
  await store.hit('person', 900)
  for (let i = 0; i < 50; i++) await store.hit('hammered', 900)
  await store.hit('new', 900)
  t.same(await store.counts(['hammered', 'person', 'new']), [0, 1, 1])
})
