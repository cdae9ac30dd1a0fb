import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import t from 'tap'
import type { MemoryTicketStore } from '../../src/tickets/MemoryTicketStore.js'
import type { RedisTicketStore } from '../../src/tickets/RedisTicketStore.js'
import { Browser, ticketOf } from '../helpers/browser.js'
import { DEMO_PASSWORD, testApp } from '../helpers/testApp.js'
import { parseXml } from '../helpers/wellFormed.js'

const enc = encodeURIComponent

interface Received { path: string, contentType: string | undefined, body: string }

/** A local HTTP service that records the back-channel logout requests it gets. */
async function startReceiver (t: Parameters<typeof testApp>[0], answer: 'ok' | 'hang' = 'ok'): Promise<{ origin: string, received: Received[], arrived: (n: number) => Promise<void> }> {
  const received: Received[] = []
  let wake = (): void => {}
  const read = async (req: IncomingMessage): Promise<string> => {
    let body = ''
    for await (const chunk of req) body += String(chunk)
    return body
  }
  const server: Server = createServer((req, res) => {
    void read(req).then((body) => {
      received.push({ path: req.url ?? '', contentType: req.headers['content-type'], body })
      wake()
      if (answer === 'ok') res.end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  const arrived = async (n: number): Promise<void> => {
    const deadline = Date.now() + 5000
    while (received.length < n && Date.now() < deadline) await new Promise<void>((resolve) => { wake = resolve; setTimeout(resolve, 50) })
  }
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, arrived }
}

function services (origin: string): unknown[] {
  return [
    { id: 'app-slo', name: 'Application avec déconnexion', serviceId: `${origin}/app/**`, singleLogout: true, evaluationOrder: 1 },
    { id: 'other-slo', name: 'Autre application avec déconnexion', serviceId: `${origin}/other/**`, singleLogout: true, evaluationOrder: 3 },
    { id: 'app-quiet', name: 'Application sans déconnexion', serviceId: `${origin}/quiet/**`, evaluationOrder: 2 }
  ]
}

/** A pino destination that keeps the lines, to check what was logged. */
function logLines (): { stream: Writable, lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = []
  const stream = new Writable({ write (chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done() } })
  return { stream, lines }
}

function sessionIndexOf (body: string): string | undefined {
  const xml = new URLSearchParams(body).get('logoutRequest') ?? ''
  return parseXml(xml).get('SessionIndex')?.[0]
}

for (const store of ['memory', 'redis'] as const) {
  t.test(`with the ${store} ticket store`, async (t) => {
    t.test('a session that reached one service 20 times, then logout: one logout request for it, naming its latest ticket, at the URL that ticket was issued for', async (t) => {
      const rx = await startReceiver(t)
      const { app } = await testApp(t, { store, services: services(rx.origin) })
      const b = new Browser(app)
      const first = ticketOf(await b.signIn(`?service=${enc(`${rx.origin}/app/0`)}`, 'lea.dupont', DEMO_PASSWORD))
      const tickets = [first]
      for (let i = 1; i < 20; i++) tickets.push(ticketOf(await b.get(`/login?service=${enc(`${rx.origin}/app/${i}`)}`)))
      const other = ticketOf(await b.get(`/login?service=${enc(`${rx.origin}/other/`)}`))
      const quiet = ticketOf(await b.get(`/login?service=${enc(`${rx.origin}/quiet/`)}`))
      t.equal(new Set(tickets).size, 20, '20 distinct tickets')
      t.ok(quiet)
      // A validated ticket is still a session the service holds: its service is told too.
      await app.inject(`/serviceValidate?service=${enc(`${rx.origin}/other/`)}&ticket=${other as string}`)

      const logout = await b.get('/logout')
      t.equal(logout.statusCode, 200)
      await rx.arrived(2)
      await new Promise((resolve) => setTimeout(resolve, 100))
      t.equal(rx.received.length, 2, 'one request per single-logout service, none for the service without single logout')
      const app0 = rx.received.find((r) => r.path.startsWith('/app/')) as Received
      t.equal(sessionIndexOf(app0.body), tickets[19], 'the latest ticket is the SessionIndex')
      t.equal(app0.path, '/app/19', 'sent to the URL the latest ticket was issued for')
      t.equal(sessionIndexOf(rx.received.find((r) => r.path === '/other/')?.body ?? ''), other)
      t.ok(rx.received.every((r) => r.contentType === 'application/x-www-form-urlencoded'))
      const xml = new URLSearchParams(app0.body).get('logoutRequest') as string
      t.match(xml, /^<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2\.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2\.0:assertion" ID="[^"]+" Version="2\.0" IssueInstant="[^"]+"><saml:NameID>@NOT_USED@<\/saml:NameID><samlp:SessionIndex>ST-[A-Za-z0-9]+<\/samlp:SessionIndex><\/samlp:LogoutRequest>$/)
    })

    t.test('a flood of single sign-on requests in one session, then logout: refused beyond the limit, and one logout request', async (t) => {
      const rx = await startReceiver(t)
      const { app } = await testApp(t, { store, services: services(rx.origin), env: { SESSION_TICKETS_PER_MINUTE: '60' } })
      const b = new Browser(app)
      await b.signIn(`?service=${enc(`${rx.origin}/app/`)}`, 'lea.dupont', DEMO_PASSWORD)
      const answers = await Promise.all(Array.from({ length: 200 }, async (_, i) => (await b.get(`/login?service=${enc(`${rx.origin}/app/${i}`)}`)).statusCode))
      t.equal(answers.filter((s) => s === 302).length, 59, 'sixty tickets in all, with the sign-in\'s')
      t.equal(answers.filter((s) => s === 429).length, 141)
      await b.get('/logout')
      await rx.arrived(1)
      await new Promise((resolve) => setTimeout(resolve, 100))
      t.equal(rx.received.length, 1, 'one logout request for the one service')
    })
  })
}

t.test('a service that never answers does not hold up the logout, and the failure is logged', async (t) => {
  const rx = await startReceiver(t, 'hang')
  const { stream, lines } = logLines()
  const { app } = await testApp(t, { services: services(rx.origin), env: { SLO_TIMEOUT_MS: '300' }, app: { logger: { level: 'warn', stream } } })
  const b = new Browser(app)
  await b.signIn(`?service=${enc(`${rx.origin}/app/`)}`, 'lea.dupont', DEMO_PASSWORD)
  const started = Date.now()
  const logout = await b.get('/logout')
  t.ok(Date.now() - started < 250, `logout answered in ${Date.now() - started} ms`)
  t.equal(logout.statusCode, 200)
  await rx.arrived(1)
  await new Promise((resolve) => setTimeout(resolve, 600))
  const failure = lines.find((l) => l.event === 'slo.failed')
  t.ok(failure, 'the timeout was logged')
  t.equal(failure?.service, 'app-slo')
  t.notMatch(JSON.stringify(lines), /ST-[A-Za-z0-9]{20}/, 'no ticket in the logs')
})

t.test('a service that cannot be reached is logged, and the logout still succeeds', async (t) => {
  const { stream, lines } = logLines()
  // Port 1 on loopback: nothing listens, the connection is refused at once.
  const { app } = await testApp(t, { services: services('http://127.0.0.1:1'), app: { logger: { level: 'warn', stream } } })
  const b = new Browser(app)
  await b.signIn(`?service=${enc('http://127.0.0.1:1/app/')}`, 'lea.dupont', DEMO_PASSWORD)
  const logout = await b.get('/logout')
  t.equal(logout.statusCode, 200)
  const deadline = Date.now() + 3000
  while (!lines.some((l) => l.event === 'slo.failed') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
  const failure = lines.find((l) => l.event === 'slo.failed')
  t.equal(failure?.service, 'app-slo')
  t.match(failure?.reason, /fetch failed|ECONNREFUSED/)
})

t.test('a session that expires in the memory store triggers single logout too', async (t) => {
  const rx = await startReceiver(t)
  const { app, ctx } = await testApp(t, { services: services(rx.origin) })
  const b = new Browser(app)
  const st = ticketOf(await b.signIn(`?service=${enc(`${rx.origin}/app/x`)}`, 'lea.dupont', DEMO_PASSWORD))
  ;(ctx.tickets as MemoryTicketStore).sweep(Date.now() + 365 * 86_400_000)
  await rx.arrived(1)
  t.equal(rx.received.length, 1)
  t.equal(sessionIndexOf(rx.received[0]?.body ?? ''), st)
})

t.test('a session that expires in the Redis store triggers single logout too, once', async (t) => {
  const rx = await startReceiver(t)
  const { app, ctx } = await testApp(t, { services: services(rx.origin), store: 'redis' })
  const b = new Browser(app)
  const st = ticketOf(await b.signIn(`?service=${enc(`${rx.origin}/app/x`)}`, 'lea.dupont', DEMO_PASSWORD))
  const store = ctx.tickets as RedisTicketStore
  await store.sweep(Date.now())
  t.equal(rx.received.length, 0, 'a live session is left alone')
  await store.sweep(Date.now() + 365 * 86_400_000)
  await rx.arrived(1)
  await store.sweep(Date.now() + 365 * 86_400_000)
  await new Promise((resolve) => setTimeout(resolve, 200))
  t.equal(rx.received.length, 1)
  t.equal(sessionIndexOf(rx.received[0]?.body ?? ''), st)
})

t.test('a new sign-in in a browser that still held a session ends the old one, with single logout of its applications', async (t) => {
  const rx = await startReceiver(t)
  const { app } = await testApp(t, { services: services(rx.origin) })
  const b = new Browser(app)
  const first = ticketOf(await b.signIn(`?service=${enc(`${rx.origin}/app/x`)}`, 'lea.dupont', DEMO_PASSWORD))
  const oldCookie = b.cookies.get('TGC')
  // Another person on the same computer: renew asks for a password, and marc.dupont signs in.
  const second = await b.signIn(`?service=${enc(`${rx.origin}/app/x`)}&renew=true`, 'marc.dupont', DEMO_PASSWORD)
  t.ok(ticketOf(second), 'the new person gets a ticket')
  await rx.arrived(1)
  t.equal(rx.received.length, 1, 'the previous person\'s application is told')
  t.equal(sessionIndexOf(rx.received[0]?.body ?? ''), first)
  const replay = new Browser(app)
  replay.cookies.set('TGC', oldCookie as string)
  t.match((await replay.get(`/login?service=${enc(`${rx.origin}/app/x`)}`)).body, /name="password"/, 'the old cookie opens nothing')
})
