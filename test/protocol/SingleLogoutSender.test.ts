import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { SingleLogoutSender } from '../../src/protocol/SingleLogoutSender.js'
import { parseServices } from '../../src/services/parseServices.js'
import { ServiceRegistry } from '../../src/services/ServiceRegistry.js'
import type { EndedSession } from '../../src/tickets/TicketStore.js'
import { aSession } from '../tickets/ticketStoreContract.js'

const silent = { warn () {}, debug () {} }

t.test('at most `concurrency` logout requests are in flight at once, and all of them are sent', async (t) => {
  let inFlight = 0
  let peak = 0
  let served = 0
  const server = createServer((req, res) => {
    inFlight++
    peak = Math.max(peak, inFlight)
    req.resume()
    setTimeout(() => { inFlight--; served++; res.end() }, 30)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { server.closeAllConnections(); server.close() })
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const registry = new ServiceRegistry(parseServices([{ id: 'a', name: 'A', serviceId: `${origin}/**`, singleLogout: true }], 'test'))
  const sender = new SingleLogoutSender(registry, silent, { timeoutMs: 2000, concurrency: 4, perOriginConcurrency: 10 })
  const ended: EndedSession = {
    tgt: aSession(),
    services: Array.from({ length: 30 }, (_, i) => ({ ticketId: `ST-${i}abc`, service: `${origin}/s${i}`, serviceKey: 'a' }))
  }
  t.equal(sender.send(ended), 30)
  await sender.idle()
  t.equal(served, 30)
  t.ok(peak <= 4, `peak ${peak}`)
  t.ok(peak >= 2, 'requests do run side by side')
})

t.test('only services registered with singleLogout are told; unknown services are skipped', async (t) => {
  const registry = new ServiceRegistry(parseServices([
    { id: 'on', name: 'On', serviceId: 'http://127.0.0.1:1/on/**', singleLogout: true },
    { id: 'off', name: 'Off', serviceId: 'http://127.0.0.1:1/off/**' }
  ], 'test'))
  const sender = new SingleLogoutSender(registry, silent, { timeoutMs: 500 })
  const queued = sender.send({
    tgt: aSession(),
    services: [
      { ticketId: 'ST-1', service: 'http://127.0.0.1:1/on/', serviceKey: 'on' },
      { ticketId: 'ST-2', service: 'http://127.0.0.1:1/off/', serviceKey: 'off' },
      { ticketId: 'ST-3', service: 'http://127.0.0.1:1/gone/', serviceKey: 'removed-since' }
    ]
  })
  t.equal(queued, 1)
  await sender.close()
  t.equal(sender.send({ tgt: aSession(), services: [{ ticketId: 'ST-4', service: 'http://127.0.0.1:1/on/', serviceKey: 'on' }] }), 0, 'nothing is queued once closed')
})

/** Local HTTP origins that answer every request after `delayMs`, all writing into one arrival order. */
async function startOrigins (t: Test, names: string[], delayMs: number): Promise<{ origin: Record<string, string>, arrivals: string[], arrived: (name: string) => Promise<void> }> {
  const arrivals: string[] = []
  const waiting: Array<{ name: string, resolve: () => void }> = []
  const origin: Record<string, string> = {}
  for (const name of names) {
    const server = createServer((req, res) => {
      arrivals.push(name)
      for (const w of waiting.filter((w) => w.name === name)) w.resolve()
      req.resume()
      setTimeout(() => res.end(), delayMs)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    t.teardown(() => { server.closeAllConnections(); server.close() })
    origin[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }
  const arrived = async (name: string): Promise<void> => {
    if (arrivals.includes(name)) return
    await new Promise<void>((resolve) => waiting.push({ name, resolve }))
  }
  return { origin, arrivals, arrived }
}

function sessionTo (origin: string, serviceKey: string, n: number): EndedSession {
  return { tgt: aSession(), services: Array.from({ length: n }, (_, i) => ({ ticketId: `ST-${serviceKey}${i}`, service: `${origin}/s${i}`, serviceKey })) }
}

t.test('an origin flooded with logout requests does not delay another user\'s logout to another origin', async (t) => {
  const { origin, arrivals, arrived } = await startOrigins(t, ['flooded', 'other'], 20)
  const registry = new ServiceRegistry(parseServices([
    { id: 'flooded', name: 'F', serviceId: `${origin.flooded}/**`, singleLogout: true },
    { id: 'other', name: 'O', serviceId: `${origin.other}/**`, singleLogout: true }
  ], 'test'))
  const sender = new SingleLogoutSender(registry, silent, { timeoutMs: 5000, concurrency: 4, perOriginConcurrency: 2 })
  t.equal(sender.send(sessionTo(origin.flooded as string, 'flooded', 200)), 200)
  t.equal(sender.send(sessionTo(origin.other as string, 'other', 1)), 1)
  await arrived('other')
  t.ok(arrivals.indexOf('other') <= 2, `the other origin's request was among the first three sent (position ${arrivals.indexOf('other')}), not after the flood`)
  await sender.idle()
  t.equal(arrivals.filter((a) => a === 'flooded').length, 200, 'the flooded origin still gets all its requests')
})

t.test('origins are served in turn: with one slot, requests alternate between two origins', async (t) => {
  const { origin, arrivals } = await startOrigins(t, ['a', 'b'], 1)
  const registry = new ServiceRegistry(parseServices([
    { id: 'a', name: 'A', serviceId: `${origin.a}/**`, singleLogout: true },
    { id: 'b', name: 'B', serviceId: `${origin.b}/**`, singleLogout: true }
  ], 'test'))
  const sender = new SingleLogoutSender(registry, silent, { timeoutMs: 5000, concurrency: 1 })
  sender.send(sessionTo(origin.a as string, 'a', 4))
  sender.send(sessionTo(origin.b as string, 'b', 4))
  await sender.idle()
  t.same(arrivals, ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b'])
})

t.test('one origin holds at most perOriginConcurrency requests in flight and maxQueuedPerOrigin waiting; the rest is dropped and logged', async (t) => {
  const { origin, arrivals } = await startOrigins(t, ['a', 'b'], 5)
  const registry = new ServiceRegistry(parseServices([
    { id: 'a', name: 'A', serviceId: `${origin.a}/**`, singleLogout: true },
    { id: 'b', name: 'B', serviceId: `${origin.b}/**`, singleLogout: true }
  ], 'test'))
  const dropped: unknown[] = []
  const sender = new SingleLogoutSender(registry, { warn (obj) { dropped.push(obj) }, debug () {} }, { timeoutMs: 5000, concurrency: 10, perOriginConcurrency: 2, maxQueuedPerOrigin: 30 })
  t.equal(sender.send(sessionTo(origin.a as string, 'a', 100)), 30, 'thirty wait for origin a, the others are dropped')
  t.equal(sender.send(sessionTo(origin.b as string, 'b', 5)), 5, 'origin b has its own bound')
  t.equal(dropped.length, 70)
  t.match(dropped[0], { event: 'slo.dropped', service: 'a', origin: origin.a })
  await sender.idle()
  t.equal(arrivals.filter((a) => a === 'a').length, 30)
  t.equal(arrivals.filter((a) => a === 'b').length, 5)
})
