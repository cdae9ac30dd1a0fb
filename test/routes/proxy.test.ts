import { Writable } from 'node:stream'
import t from 'tap'
import { loggerOptions } from '../../src/logger.js'
import { CALLBACK_UNREACHABLE } from '../../src/protocol/grantProxyGrantingTicket.js'
import { Browser, ticketOf } from '../helpers/browser.js'
import { makeTestCa, startCallbackServer, type CallbackServer } from '../helpers/testCa.js'
import { DEMO_PASSWORD, PRONOTE_ELEVE, TEST_SERVICES, testApp, type TestApp } from '../helpers/testApp.js'
import { parseXml } from '../helpers/wellFormed.js'

const enc = encodeURIComponent
const PORTAL = 'https://ent.example.fr/'
const NO_PROXY = 'https://noproxy.example.fr/'

function services (callbackOrigin: string): unknown[] {
  return [
    { id: 'portal', name: 'Portail ENT', serviceId: 'https://ent.example.fr/**', attributeRelease: 'default', proxy: { callbackPattern: `${callbackOrigin}/portal/**` }, evaluationOrder: 5 },
    { ...TEST_SERVICES[0], proxy: { callbackPattern: `${callbackOrigin}/pronote/**` } },
    TEST_SERVICES[1],
    { id: 'no-proxy', name: 'Sans proxy', serviceId: 'https://noproxy.example.fr/**', evaluationOrder: 40 }
  ]
}

const ca = await makeTestCa(t)

async function setUp (t: Parameters<typeof testApp>[0], store: 'memory' | 'redis' = 'memory', env: Record<string, string> = {}): Promise<{ app: TestApp['app'], cb: CallbackServer, b: Browser }> {
  const cb = await startCallbackServer(t, ca.server)
  const { app } = await testApp(t, { store, services: services(cb.origin), env: { PROXY_CA_FILE: ca.caFile, ...env } })
  return { app, cb, b: new Browser(app) }
}

async function serviceTicket (t: Parameters<typeof testApp>[0], b: Browser, service: string): Promise<string> {
  const res = b.cookies.has('TGC') ? await b.get(`/login?service=${enc(service)}`) : await b.signIn(`?service=${enc(service)}`, 'lea.dupont', DEMO_PASSWORD)
  const st = ticketOf(res)
  if (st === undefined) t.fail(`no ticket: ${res.statusCode} ${res.body.slice(0, 200)}`)
  return st as string
}

function textOf (xml: string, name: string): string[] {
  return parseXml(xml).get(name) ?? []
}

for (const store of ['memory', 'redis'] as const) {
  t.test(`with the ${store} ticket store`, async (t) => {
    t.test('a pgtUrl that answers 200 gets pgtId and pgtIou after its own query, and the PGTIOU is returned', async (t) => {
      const { app, cb, b } = await setUp(t, store)
      const st = await serviceTicket(t, b, PORTAL)
      const pgtUrl = `${cb.origin}/portal/callback?client=portail`
      const res = await app.inject(`/serviceValidate?service=${enc(PORTAL)}&ticket=${st}&pgtUrl=${enc(pgtUrl)}`)
      t.equal(cb.requests.length, 1, 'the callback was called once')
      const call = cb.requests[0] as URL
      t.equal(call.pathname, '/portal/callback')
      t.equal(call.searchParams.get('client'), 'portail', 'the callback\'s own query is kept')
      t.match(call.searchParams.get('pgtId'), /^PGT-[A-Za-z0-9]{32}$/)
      t.match(call.searchParams.get('pgtIou'), /^PGTIOU-[A-Za-z0-9]{32}$/)
      t.same(textOf(res.body, 'proxyGrantingTicket'), [call.searchParams.get('pgtIou')], 'the response carries the IOU the callback got')
      t.same(textOf(res.body, 'user'), ['lea.dupont'])

      const pgt = call.searchParams.get('pgtId') as string
      const proxy = await app.inject(`/proxy?pgt=${pgt}&targetService=${enc(PRONOTE_ELEVE)}`)
      t.equal(proxy.headers['content-type'], 'application/xml; charset=utf-8')
      t.match(proxy.body, /^<cas:serviceResponse xmlns:cas="http:\/\/www\.yale\.edu\/tp\/cas">/)
      const [pt] = textOf(proxy.body, 'proxyTicket')
      t.match(pt, /^PT-[A-Za-z0-9]{32}$/)

      const refused = await app.inject(`/serviceValidate?service=${enc(PRONOTE_ELEVE)}&ticket=${pt}`)
      t.match(refused.body, /code="INVALID_TICKET_SPEC"/, '/serviceValidate refuses a proxy ticket')
      const pt2 = textOf((await app.inject(`/proxy?pgt=${pgt}&targetService=${enc(PRONOTE_ELEVE)}`)).body, 'proxyTicket')[0]
      const valid = await app.inject(`/p3/proxyValidate?service=${enc(PRONOTE_ELEVE)}&ticket=${pt2}`)
      t.same(textOf(valid.body, 'user'), ['lea.dupont'])
      t.same(textOf(valid.body, 'proxy'), [pgtUrl], 'the proxy chain names the pgtUrl as it was given')
      t.same(textOf(valid.body, 'categories'), ['National_1'], 'the target service\'s own attribute release applies')
    })

    t.test('a callback that answers anything but 200: validation succeeds without a PGTIOU and no PGT exists', async (t) => {
      const { app, cb, b } = await setUp(t, store)
      for (const status of [404, 302, 500]) {
        cb.status = status
        const st = await serviceTicket(t, b, PORTAL)
        const res = await app.inject(`/serviceValidate?service=${enc(PORTAL)}&ticket=${st}&pgtUrl=${enc(`${cb.origin}/portal/cb`)}`)
        t.match(res.body, /<cas:authenticationSuccess>/, `status ${status}: still a success`)
        t.notMatch(res.body, /proxyGrantingTicket/, `status ${status}: no PGTIOU`)
        const pgt = cb.requests.at(-1)?.searchParams.get('pgtId') as string
        const proxy = await app.inject(`/proxy?pgt=${pgt}&targetService=${enc(PRONOTE_ELEVE)}`)
        t.match(proxy.body, /<cas:proxyFailure code="INVALID_TICKET">/, `status ${status}: the pgtId sent is worthless`)
      }
    })

    t.test('a PGT dies with its TGT', async (t) => {
      const { app, cb, b } = await setUp(t, store)
      const st = await serviceTicket(t, b, PORTAL)
      await app.inject(`/serviceValidate?service=${enc(PORTAL)}&ticket=${st}&pgtUrl=${enc(`${cb.origin}/portal/cb`)}`)
      const pgt = cb.requests[0]?.searchParams.get('pgtId') as string
      t.match((await app.inject(`/proxy?pgt=${pgt}&targetService=${enc(PRONOTE_ELEVE)}`)).body, /<cas:proxySuccess>/)
      await b.get('/logout')
      t.match((await app.inject(`/proxy?pgt=${pgt}&targetService=${enc(PRONOTE_ELEVE)}`)).body, /<cas:proxyFailure code="INVALID_TICKET">/)
    })

    t.test('a PGT obtained by validating a proxy ticket extends the chain, most recent proxy first', async (t) => {
      const { app, cb, b } = await setUp(t, store)
      const st = await serviceTicket(t, b, PORTAL)
      const first = `${cb.origin}/portal/cb`
      await app.inject(`/serviceValidate?service=${enc(PORTAL)}&ticket=${st}&pgtUrl=${enc(first)}`)
      const pgt1 = cb.requests[0]?.searchParams.get('pgtId') as string
      const pt1 = textOf((await app.inject(`/proxy?pgt=${pgt1}&targetService=${enc(PRONOTE_ELEVE)}`)).body, 'proxyTicket')[0] as string
      const second = `${cb.origin}/pronote/cb`
      const v1 = await app.inject(`/proxyValidate?service=${enc(PRONOTE_ELEVE)}&ticket=${pt1}&pgtUrl=${enc(second)}`)
      t.same(textOf(v1.body, 'proxy'), [first])
      t.equal(textOf(v1.body, 'proxyGrantingTicket').length, 1, 'a proxy ticket can get its own PGT')
      const pgt2 = cb.requests[1]?.searchParams.get('pgtId') as string
      const pt2 = textOf((await app.inject(`/proxy?pgt=${pgt2}&targetService=${enc(PORTAL)}`)).body, 'proxyTicket')[0] as string
      const v2 = await app.inject(`/proxyValidate?service=${enc(PORTAL)}&ticket=${pt2}&format=JSON`)
      t.same(JSON.parse(v2.body).serviceResponse.authenticationSuccess.proxies, [second, first])
    })
  })
}

t.test('refused pgtUrls: the validation fails with the CAS code and the callback learns nothing', async (t) => {
  const { app, cb, b } = await setUp(t)
  const cases: Array<[string, string, string]> = [
    ['http (not https)', `${cb.origin.replace('https:', 'http:')}/portal/cb`, 'INVALID_PROXY_CALLBACK'],
    ['outside the service\'s callbackPattern', `${cb.origin}/elsewhere/cb`, 'INVALID_PROXY_CALLBACK'],
    ['not a URL', 'javascript:alert(1)', 'INVALID_PROXY_CALLBACK'],
    ['with user-info', `https://user@127.0.0.1:${new URL(cb.origin).port}/portal/cb`, 'INVALID_PROXY_CALLBACK']
  ]
  for (const [why, pgtUrl, code] of cases) {
    const st = await serviceTicket(t, b, PORTAL)
    const res = await app.inject(`/serviceValidate?service=${enc(PORTAL)}&ticket=${st}&pgtUrl=${enc(pgtUrl)}`)
    t.match(res.body, new RegExp(`<cas:authenticationFailure code="${code}">`), why)
    t.notMatch(res.body, /proxyGrantingTicket/)
  }
  const st = await serviceTicket(t, b, NO_PROXY)
  const res = await app.inject(`/p3/serviceValidate?service=${enc(NO_PROXY)}&ticket=${st}&pgtUrl=${enc(`${cb.origin}/portal/cb`)}`)
  t.match(res.body, /<cas:authenticationFailure code="UNAUTHORIZED_SERVICE_PROXY">/, 'a service without proxy.callbackPattern may not proxy')
  t.equal(cb.requests.length, 0, 'no refused pgtUrl was ever called')
})

t.test('the callback\'s certificate must be valid for its name and issued by a trusted CA', async (t) => {
  const untrusted = await startCallbackServer(t, ca.untrusted)
  const wrongName = await startCallbackServer(t, ca.wrongName)
  const trusted = await startCallbackServer(t, ca.server)
  const pattern = (o: string): unknown => ({ id: `s${new URL(o).port}`, name: 'Portail', serviceId: 'https://ent.example.fr/**', proxy: { callbackPattern: `${o}/**` } })
  for (const [why, server, env] of [
    ['self-signed', untrusted, { PROXY_CA_FILE: ca.caFile }],
    ['signed for another name', wrongName, { PROXY_CA_FILE: ca.caFile }],
    ['signed by a CA that PROXY_CA_FILE does not name', trusted, {}]
  ] as Array<[string, CallbackServer, Record<string, string>]>) {
    const { app } = await testApp(t, { services: [pattern(server.origin)], env })
    const b = new Browser(app)
    const st = await serviceTicket(t, b, PORTAL)
    const res = await app.inject(`/serviceValidate?service=${enc(PORTAL)}&ticket=${st}&pgtUrl=${enc(`${server.origin}/cb`)}`)
    t.match(res.body, /<cas:authenticationFailure code="INVALID_PROXY_CALLBACK">/, why)
    t.equal(server.requests.length, 0, `${why}: the TLS handshake failed before any request`)
  }
})

t.test('a callback that does not answer within PROXY_CALLBACK_TIMEOUT_MS fails the validation', async (t) => {
  const { app, cb, b } = await setUp(t, 'memory', { PROXY_CALLBACK_TIMEOUT_MS: '300' })
  cb.status = 'hang'
  const st = await serviceTicket(t, b, PORTAL)
  const started = Date.now()
  const res = await app.inject(`/serviceValidate?service=${enc(PORTAL)}&ticket=${st}&pgtUrl=${enc(`${cb.origin}/portal/cb`)}`)
  t.ok(Date.now() - started < 2000, `answered in ${Date.now() - started} ms`)
  t.match(res.body, /<cas:authenticationFailure code="INVALID_PROXY_CALLBACK">/)
})

t.test('/proxy refuses with INVALID_REQUEST, INVALID_TICKET and UNAUTHORIZED_SERVICE, in XML or JSON', async (t) => {
  const { app, cb, b } = await setUp(t)
  const st = await serviceTicket(t, b, PORTAL)
  await app.inject(`/serviceValidate?service=${enc(PORTAL)}&ticket=${st}&pgtUrl=${enc(`${cb.origin}/portal/cb`)}`)
  const pgt = cb.requests[0]?.searchParams.get('pgtId') as string
  const cases: Array<[string, string, string]> = [
    ['no pgt', `/proxy?targetService=${enc(PRONOTE_ELEVE)}`, 'INVALID_REQUEST'],
    ['no targetService', `/proxy?pgt=${pgt}`, 'INVALID_REQUEST'],
    ['pgt given twice', `/proxy?pgt=${pgt}&pgt=${pgt}&targetService=${enc(PRONOTE_ELEVE)}`, 'INVALID_REQUEST'],
    ['unknown PGT', `/proxy?pgt=PGT-unknown&targetService=${enc(PRONOTE_ELEVE)}`, 'INVALID_TICKET'],
    ['a service ticket is not a PGT', `/proxy?pgt=${st}&targetService=${enc(PRONOTE_ELEVE)}`, 'INVALID_TICKET'],
    ['unregistered target', `/proxy?pgt=${pgt}&targetService=${enc('https://evil.example.com/')}`, 'UNAUTHORIZED_SERVICE'],
    ['target whose access rules refuse the user', `/proxy?pgt=${pgt}&targetService=${enc('https://0340001y.index-education.net/pronote/eleve.html')}`, 'UNAUTHORIZED_SERVICE']
  ]
  for (const [why, url, code] of cases) {
    const xml = await app.inject(url)
    t.match(xml.body, new RegExp(`<cas:proxyFailure code="${code}">`), why)
    parseXml(xml.body)
    const json = await app.inject(`${url}&format=JSON`)
    t.equal(json.headers['content-type'], 'application/json; charset=utf-8')
    t.equal(JSON.parse(json.body).serviceResponse.proxyFailure.code, code, `${why} (JSON)`)
  }
  const ok = await app.inject(`/proxy?pgt=${pgt}&targetService=${enc(PRONOTE_ELEVE)}&format=JSON`)
  t.match(JSON.parse(ok.body).serviceResponse.proxySuccess.proxyTicket, /^PT-/)
  t.equal(ok.headers['cache-control'], 'no-store')
})

t.test('a pgtUrl on a loopback or private address is refused unless the callbackPattern names its host literally', async (t) => {
  const cb = await startCallbackServer(t, ca.server)
  const port = new URL(cb.origin).port
  const cases: Array<[string, string, string]> = [
    ['a regular expression matching the loopback address', `^https://[0-9.]+:${port}/.*`, `${cb.origin}/cb`],
    ['a wildcard host matching localhost, which resolves to 127.0.0.1', `https://*:${port}/**`, `https://localhost:${port}/cb`]
  ]
  for (const [why, callbackPattern, pgtUrl] of cases) {
    const { app } = await testApp(t, { services: [{ id: 'portal', name: 'Portail', serviceId: 'https://ent.example.fr/**', proxy: { callbackPattern } }], env: { PROXY_CA_FILE: ca.caFile } })
    const st = await serviceTicket(t, new Browser(app), PORTAL)
    const res = await app.inject(`/serviceValidate?service=${enc(PORTAL)}&ticket=${st}&pgtUrl=${enc(pgtUrl)}`)
    t.match(res.body, /<cas:authenticationFailure code="INVALID_PROXY_CALLBACK">/, why)
    t.equal(cb.requests.length, 0, `${why}: never called`)
  }
  // The same server, named literally by the pattern (an intranet proxy the admin chose): reached.
  const { app } = await testApp(t, { services: [{ id: 'portal', name: 'Portail', serviceId: 'https://ent.example.fr/**', proxy: { callbackPattern: `https://localhost:${port}/**` } }], env: { PROXY_CA_FILE: ca.caFile } })
  const st = await serviceTicket(t, new Browser(app), PORTAL)
  const res = await app.inject(`/serviceValidate?service=${enc(PORTAL)}&ticket=${st}&pgtUrl=${enc(`https://localhost:${port}/cb`)}`)
  t.match(res.body, /<cas:proxyGrantingTicket>PGTIOU-/, 'a host named literally may be internal')
  t.equal(cb.requests.length, 1)
})

t.test('whatever stopped the callback, the caller reads one generic message; the cause is only in the audit log', async (t) => {
  const lines: Array<Record<string, unknown>> = []
  const stream = new Writable({ write (chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done() } })
  const untrusted = await startCallbackServer(t, ca.untrusted)
  const hanging = await startCallbackServer(t, ca.server, 'hang')
  // Port 1 on loopback: nothing listens, the connection is refused.
  const closedPort = '1'
  const cases: Array<[string, string, string, RegExp]> = [
    ['refused connection', `https://127.0.0.1:${closedPort}/**`, `https://127.0.0.1:${closedPort}/cb`, /ECONNREFUSED/],
    ['untrusted certificate', `${untrusted.origin}/**`, `${untrusted.origin}/cb`, /certificate/],
    ['no answer in time', `${hanging.origin}/**`, `${hanging.origin}/cb`, /no answer within/],
    ['internal address under a wildcard', `https://*:${new URL(hanging.origin).port}/**`, `https://localhost:${new URL(hanging.origin).port}/cb`, /internal address/]
  ]
  const services = cases.map(([, callbackPattern], i) => ({ id: `portal${i}`, name: 'Portail', serviceId: `https://ent${i}.example.fr/**`, proxy: { callbackPattern } }))
  const { app } = await testApp(t, { services, env: { PROXY_CA_FILE: ca.caFile, PROXY_CALLBACK_TIMEOUT_MS: '300' }, app: { logger: { ...loggerOptions('info'), stream } } })
  const b = new Browser(app)
  const descriptions = new Set<string>()
  for (const [i, [why, , pgtUrl, cause]] of cases.entries()) {
    const service = `https://ent${i}.example.fr/`
    const st = await serviceTicket(t, b, service)
    const res = await app.inject(`/p3/serviceValidate?service=${enc(service)}&ticket=${st}&pgtUrl=${enc(pgtUrl)}&format=JSON`)
    const failure = JSON.parse(res.body).serviceResponse.authenticationFailure
    t.equal(failure.code, 'INVALID_PROXY_CALLBACK', why)
    t.equal(failure.description, CALLBACK_UNREACHABLE, `${why}: the generic message`)
    descriptions.add(failure.description)
    const audited = lines.find((l) => l.audit === 'ticket.refused' && l.service === service)
    t.match(audited?.reason, cause, `${why}: the cause is audited`)
  }
  t.equal(descriptions.size, 1, 'one message for every cause')
})
