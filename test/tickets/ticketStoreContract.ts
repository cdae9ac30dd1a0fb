import type { Test } from 'tap'
import { newTicketId } from '../../src/tickets/newTicketId.js'
import type { ServiceTicket, TicketGrantingTicket } from '../../src/tickets/Ticket.js'
import type { EndedSession, TicketStore } from '../../src/tickets/TicketStore.js'

export function aSession (over: Partial<TicketGrantingTicket> = {}): TicketGrantingTicket {
  const now = Date.now()
  return {
    id: newTicketId('TGT'),
    person: { uid: 'lea.dupont', directoryId: 'demo', nom: 'DUPONT', prenom: 'Léa', profiles: ['National_ELV'], uais: ['0340000X'], children: [] },
    authenticatedAt: now,
    rememberMe: false,
    expiresAt: now + 3_600_000,
    idleMs: 600_000,
    ...over
  }
}

export function aTicket (tgt: TicketGrantingTicket, over: Partial<ServiceTicket> = {}): ServiceTicket {
  return {
    id: newTicketId('ST'),
    service: 'https://0340000x.index-education.net/pronote/eleve.html',
    serviceKey: 'pronote-0340000x',
    tgtId: tgt.id,
    user: tgt.person.uid,
    attributes: { nom: ['DUPONT'], categories: ['National_1'], ENTPersonProfils: ['National_ELV', 'National_TUT'] },
    fromNewLogin: true,
    authenticatedAt: tgt.authenticatedAt,
    rememberMe: false,
    proxies: [],
    attributeStyle: 'standard',
    ...over
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The rules every TicketStore must keep (docs/protocol.md). `make` gives a fresh,
 * empty store for one test.
 */
export function ticketStoreContract (t: Test, make: () => Promise<TicketStore>): void {
  t.test('a session reads back as it was written', async (t) => {
    const store = await make()
    const tgt = aSession()
    await store.createSession(tgt)
    t.same(await store.useSession(tgt.id), tgt)
    t.equal(await store.useSession('TGT-unknown'), undefined)
  })

  t.test('a session dies after its idle time and is kept alive by use', async (t) => {
    const store = await make()
    const tgt = aSession({ idleMs: 400 })
    await store.createSession(tgt)
    await sleep(250)
    t.ok(await store.useSession(tgt.id), 'used before the idle deadline')
    await sleep(250)
    t.ok(await store.useSession(tgt.id), 'use pushed the deadline back')
    await sleep(600)
    t.equal(await store.useSession(tgt.id), undefined, 'idle for longer than idleMs: gone')
  })

  t.test('a session never outlives its absolute lifetime, even when used', async (t) => {
    const store = await make()
    const tgt = aSession({ idleMs: 10_000, expiresAt: Date.now() + 500 })
    await store.createSession(tgt)
    await sleep(300)
    t.ok(await store.useSession(tgt.id))
    await sleep(400)
    t.equal(await store.useSession(tgt.id), undefined)
  })

  t.test('a service ticket is returned once, then never again', async (t) => {
    const store = await make()
    const tgt = aSession()
    await store.createSession(tgt)
    const st = aTicket(tgt)
    await store.addServiceTicket(st, 10)
    t.same(await store.consumeServiceTicket(st.id), st)
    t.equal(await store.consumeServiceTicket(st.id), undefined)
  })

  t.test('200 concurrent validations of one service ticket give exactly one success', async (t) => {
    const store = await make()
    const tgt = aSession()
    await store.createSession(tgt)
    const st = aTicket(tgt)
    await store.addServiceTicket(st, 10)
    const results = await Promise.all(Array.from({ length: 200 }, async () => await store.consumeServiceTicket(st.id)))
    t.equal(results.filter((r) => r !== undefined).length, 1)
  })

  t.test('a service ticket expires after its time to live', async (t) => {
    const store = await make()
    const tgt = aSession()
    await store.createSession(tgt)
    const st = aTicket(tgt)
    await store.addServiceTicket(st, 1)
    await sleep(1100)
    t.equal(await store.consumeServiceTicket(st.id), undefined)
  })

  t.test('ending a session returns its services and ends its outstanding tickets', async (t) => {
    const store = await make()
    const tgt = aSession()
    await store.createSession(tgt)
    const used = aTicket(tgt, { service: 'https://a.example.fr/', serviceKey: 'a' })
    const outstanding = aTicket(tgt, { service: 'https://b.example.fr/', serviceKey: 'b' })
    await store.addServiceTicket(used, 10)
    await store.addServiceTicket(outstanding, 10)
    await store.consumeServiceTicket(used.id)
    const ended = await store.endSession(tgt.id)
    t.same(ended?.tgt, tgt)
    t.same(ended?.services.map((s) => [s.ticketId, s.service, s.serviceKey]),
      [[used.id, 'https://a.example.fr/', 'a'], [outstanding.id, 'https://b.example.fr/', 'b']])
    t.equal(await store.consumeServiceTicket(outstanding.id), undefined, 'outstanding ticket ended with the session')
    t.equal(await store.useSession(tgt.id), undefined)
    t.equal(await store.endSession(tgt.id), undefined, 'ending twice finds nothing')
  })

  t.test('a session records each service once, with the latest ticket issued to it, in the order services were first reached', async (t) => {
    const store = await make()
    const tgt = aSession()
    await store.createSession(tgt)
    const a1 = aTicket(tgt, { service: 'https://a.example.fr/eleve.html', serviceKey: 'a' })
    const b = aTicket(tgt, { service: 'https://b.example.fr/', serviceKey: 'b' })
    const a2 = aTicket(tgt, { service: 'https://a.example.fr/parent.html', serviceKey: 'a' })
    for (const st of [a1, b, a2]) t.equal(await store.addServiceTicket(st, 10), true)
    const ended = await store.endSession(tgt.id)
    t.same(ended?.services.map((s) => [s.serviceKey, s.ticketId, s.service]),
      [['a', a2.id, 'https://a.example.fr/parent.html'], ['b', b.id, 'https://b.example.fr/']])
  })

  t.test('tickets issued concurrently leave one entry per service, each naming one of its tickets', async (t) => {
    const store = await make()
    const tgt = aSession()
    await store.createSession(tgt)
    const tickets = Array.from({ length: 40 }, (_, i) => aTicket(tgt, { serviceKey: `s${i % 4}`, service: `https://s${i % 4}.example.fr/` }))
    await Promise.all(tickets.map(async (st) => await store.addServiceTicket(st, 10)))
    const ended = await store.endSession(tgt.id)
    t.same(ended?.services.map((s) => s.serviceKey).sort(), ['s0', 's1', 's2', 's3'])
    for (const s of ended?.services ?? []) {
      t.ok(tickets.some((st) => st.id === s.ticketId && st.serviceKey === s.serviceKey), `${s.serviceKey}: one of its own tickets`)
    }
  })

  t.test('a ticket no longer indexed (an earlier one for the same service) still dies with its session', async (t) => {
    const store = await make()
    const tgt = aSession()
    await store.createSession(tgt)
    const earlier = aTicket(tgt)
    const later = aTicket(tgt)
    await store.addServiceTicket(earlier, 10)
    await store.addServiceTicket(later, 10)
    await store.endSession(tgt.id)
    t.equal(await store.consumeServiceTicket(earlier.id), undefined, 'earlier ticket refused')
    t.equal(await store.consumeServiceTicket(later.id), undefined, 'latest ticket refused')
  })

  t.test('a session is given at most perMinute tickets within a minute: beyond, nothing is stored', async (t) => {
    const store = await make()
    const tgt = aSession()
    const other = aSession()
    await store.createSession(tgt)
    await store.createSession(other)
    const given = [aTicket(tgt), aTicket(tgt, { serviceKey: 'b', service: 'https://b.example.fr/' }), aTicket(tgt)]
    for (const st of given) t.equal(await store.addServiceTicket(st, 10, 3), true)
    const refused = aTicket(tgt, { serviceKey: 'c', service: 'https://c.example.fr/' })
    t.equal(await store.addServiceTicket(refused, 10, 3), false, 'the fourth is refused')
    t.equal(await store.consumeServiceTicket(refused.id), undefined, 'and was not stored')
    t.equal(await store.addServiceTicket(aTicket(other), 10, 3), true, 'another session has its own count')
    t.same(await store.consumeServiceTicket(given[2]!.id), given[2], 'tickets given before the limit validate')
    const ended = await store.endSession(tgt.id)
    t.same(ended?.services.map((s) => s.serviceKey), ['pronote-0340000x', 'b'], 'the refused ticket left no entry')
  })

  t.test('the per-minute limit holds under concurrency: of 30 concurrent tickets with a limit of 5, exactly 5 are given', async (t) => {
    const store = await make()
    const tgt = aSession()
    await store.createSession(tgt)
    const results = await Promise.all(Array.from({ length: 30 }, async () => await store.addServiceTicket(aTicket(tgt), 10, 5)))
    t.equal(results.filter(Boolean).length, 5)
  })

  t.test('a proxy-granting ticket dies with its session', async (t) => {
    const store = await make()
    const tgt = aSession()
    await store.createSession(tgt)
    const pgt = { id: newTicketId('PGT'), tgtId: tgt.id, user: 'u', attributes: {}, authenticatedAt: 1, rememberMe: false, proxies: ['https://p.example.fr/cb'], service: 'https://p.example.fr/cb' }
    await store.addProxyGrantingTicket(pgt, 60)
    t.same(await store.getProxyGrantingTicket(pgt.id), pgt)
    t.same(await store.getProxyGrantingTicket(pgt.id), pgt, 'a PGT can be used many times')
    await store.endSession(tgt.id)
    t.equal(await store.getProxyGrantingTicket(pgt.id), undefined)
  })

  t.test('a session that expires is reported once to the expiry watcher, with its services, and its outstanding tickets end', async (t) => {
    const store = await make()
    const seen: EndedSession[] = []
    store.watchExpiredSessions((e) => seen.push(e))
    const tgt = aSession({ idleMs: 300 })
    await store.createSession(tgt)
    const st = aTicket(tgt, { singleLogout: true })
    await store.addServiceTicket(st, 60)
    await sleep(1200)
    t.equal(seen.length, 1, 'reported')
    t.equal(seen[0]?.tgt.id, tgt.id)
    t.same(seen[0]?.services.map((s) => s.ticketId), [st.id])
    t.equal(await store.consumeServiceTicket(st.id), undefined, 'its outstanding ticket ended with it')
    t.equal(await store.useSession(tgt.id), undefined)
    await sleep(400)
    t.equal(seen.length, 1, 'and reported once only')
  })

  t.test('a session kept alive by use, or ended by logout, is not reported as expired', async (t) => {
    const store = await make()
    const seen: EndedSession[] = []
    store.watchExpiredSessions((e) => seen.push(e))
    const used = aSession({ idleMs: 700 })
    const loggedOut = aSession({ idleMs: 300 })
    for (const tgt of [used, loggedOut]) {
      await store.createSession(tgt)
      await store.addServiceTicket(aTicket(tgt, { singleLogout: true }), 60)
    }
    await store.endSession(loggedOut.id)
    for (let i = 0; i < 4; i++) {
      await sleep(300)
      t.ok(await store.useSession(used.id), `still alive after ${(i + 1) * 300} ms`)
    }
    t.same(seen, [])
  })

  t.test('a one-time token can be claimed once, and once only under concurrency', async (t) => {
    const store = await make()
    const results = await Promise.all(Array.from({ length: 50 }, async () => await store.claimOnce('execution-1', 60)))
    t.equal(results.filter(Boolean).length, 1)
    t.equal(await store.claimOnce('execution-2', 60), true)
  })
}
