import t from 'tap'
import { MemoryTicketStore } from '../../src/tickets/MemoryTicketStore.js'
import { aSession } from './ticketStoreContract.js'
import { ticketStoreContract } from './ticketStoreContract.js'

ticketStoreContract(t, async () => {
  const store = new MemoryTicketStore({ sweepMs: 100 })
  t.teardown(async () => await store.close())
  return store
})

t.test('an expired session is reported by the sweep, for single logout on expiry', async (t) => {
  const expired: string[] = []
  const store = new MemoryTicketStore({ onSessionExpired: (e) => expired.push(e.tgt.id) })
  t.teardown(async () => await store.close())
  const tgt = aSession({ expiresAt: Date.now() + 50 })
  await store.createSession(tgt)
  store.sweep(Date.now() + 100)
  t.same(expired, [tgt.id])
})
