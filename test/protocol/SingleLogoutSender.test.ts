import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
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
  const sender = new SingleLogoutSender(registry, silent, { timeoutMs: 2000, concurrency: 4 })
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
