import t from 'tap'
import { newTicketId, ticketPrefix } from '../../src/tickets/newTicketId.js'

t.test('ticket ids: the prefix, a dash, then 32 characters of [A-Za-z0-9] (190 bits, over the 128 the spec asks)', async (t) => {
  for (const prefix of ['ST', 'PT', 'PGT', 'PGTIOU', 'TGT'] as const) {
    const id = newTicketId(prefix)
    t.match(id, new RegExp(`^${prefix}-[A-Za-z0-9]{32}$`), id)
    t.equal(ticketPrefix(id), prefix)
  }
})

t.test('ticket ids do not repeat, and every character of the alphabet is drawn', async (t) => {
  const ids = Array.from({ length: 10_000 }, () => newTicketId('ST'))
  t.equal(new Set(ids).size, ids.length)
  const seen = new Set(ids.join('').replace(/ST-/g, ''))
  t.equal(seen.size, 62)
})

t.test('a string that is no ticket id has no prefix', async (t) => {
  for (const s of ['', 'ST', 'ST-', 'XX-abc', 'ST-a b', 'ST-é', 'st-abc', `ST-${'a'.repeat(257)}`]) t.equal(ticketPrefix(s), undefined, JSON.stringify(s))
})
