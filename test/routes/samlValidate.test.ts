import t from 'tap'
import { Browser, ticketOf } from '../helpers/browser.js'
import { DEMO_PASSWORD, PRONOTE_ELEVE, TEST_SERVICES, testApp, type TestApp } from '../helpers/testApp.js'
import { parseXml } from '../helpers/wellFormed.js'

const enc = encodeURIComponent
const INTRANET = 'http://intranet.example.fr/app'
const SERVICES = [...TEST_SERVICES, { id: 'intranet', name: 'Intranet', serviceId: 'http://intranet.example.fr/**', attributeRelease: 'default', evaluationOrder: 50 }]

function samlRequest (artifact: string, requestId = '_192.168.16.51.1024506224022'): string {
  return `<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Header/><SOAP-ENV:Body>
  <samlp:Request xmlns:samlp="urn:oasis:names:tc:SAML:1.0:protocol" MajorVersion="1" MinorVersion="1" RequestID="${requestId}" IssueInstant="2024-06-19T17:03:44.022Z">
    <samlp:AssertionArtifact>
      ${artifact}
    </samlp:AssertionArtifact>
  </samlp:Request></SOAP-ENV:Body></SOAP-ENV:Envelope>`
}

async function post (app: TestApp['app'], target: string | undefined, body: string, contentType = 'text/xml; charset=utf-8'): Promise<{ status: number, body: string, xml: Map<string, string[]>, type: string | undefined }> {
  const res = await app.inject({
    method: 'POST',
    url: target === undefined ? '/samlValidate' : `/samlValidate?TARGET=${enc(target)}`,
    headers: { 'content-type': contentType },
    payload: body
  })
  return { status: res.statusCode, body: res.body, xml: parseXml(res.body), type: res.headers['content-type'] as string | undefined }
}

async function ticketFor (t: Parameters<typeof testApp>[0], app: TestApp['app'], service: string): Promise<string> {
  const res = await new Browser(app).signIn(`?service=${enc(service)}`, 'lea.dupont', DEMO_PASSWORD)
  const st = ticketOf(res)
  if (st === undefined) t.fail(`no ticket: ${res.statusCode}`)
  return st as string
}

function statusCodes (body: string): string[] {
  return [...body.matchAll(/<samlp:StatusCode Value="([^"]+)"/g)].map((m) => m[1] as string)
}

for (const store of ['memory', 'redis'] as const) {
  t.test(`with the ${store} ticket store`, async (t) => {
    t.test('a valid ticket gets a SOAP-wrapped SAML 1.1 success with the user, the audience and the attributes', async (t) => {
      const { app } = await testApp(t, { store, services: SERVICES })
      const st = await ticketFor(t, app, PRONOTE_ELEVE)
      const before = Date.now()
      const res = await post(app, PRONOTE_ELEVE, samlRequest(st))
      t.equal(res.status, 200)
      t.equal(res.type, 'text/xml; charset=utf-8')
      t.match(res.body, /<SOAP-ENV:Envelope xmlns:SOAP-ENV="http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\/">/)
      t.match(res.body, /<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:1\.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:1\.0:assertion"/)
      t.same(statusCodes(res.body), ['samlp:Success'])
      t.match(res.body, /InResponseTo="_192\.168\.16\.51\.1024506224022"/, 'the RequestID is echoed')
      t.match(res.body, new RegExp(`Recipient="${PRONOTE_ELEVE.replace(/\./g, '\\.')}"`))
      t.same(res.xml.get('NameIdentifier'), ['lea.dupont', 'lea.dupont'], 'in the authentication and the attribute statements')
      t.same(res.xml.get('Audience'), [PRONOTE_ELEVE])
      t.match(res.body, /AuthenticationMethod="urn:oasis:names:tc:SAML:1\.0:am:password"/)
      t.same(res.xml.get('ConfirmationMethod'), ['urn:oasis:names:tc:SAML:1.0:cm:artifact', 'urn:oasis:names:tc:SAML:1.0:cm:artifact'])
      const [, notBefore, notOnOrAfter] = /<saml:Conditions NotBefore="([^"]+)" NotOnOrAfter="([^"]+)"/.exec(res.body) ?? []
      t.ok(Date.parse(notBefore as string) <= before, 'NotBefore is not in the future')
      t.ok(Date.parse(notOnOrAfter as string) > Date.now(), 'NotOnOrAfter is ahead')
      t.match(res.body, /<saml:Attribute AttributeName="nom" AttributeNamespace="http:\/\/www\.ja-sig\.org\/products\/cas\/">\s*<saml:AttributeValue>DUPONT<\/saml:AttributeValue>/)
      t.match(res.body, /AttributeName="dateNaissance"[^>]*>\s*<saml:AttributeValue>12\/03\/2010</)
      t.match(res.body, /AttributeName="categories"[^>]*>\s*<saml:AttributeValue>National_1</)

      const again = await post(app, PRONOTE_ELEVE, samlRequest(st))
      t.same(statusCodes(again.body), ['samlp:Responder', 'samlp:RequestDenied'], 'a ticket is single use')
      t.same(again.xml.get('StatusMessage')?.map((m) => m.split(':')[0]), ['INVALID_TICKET'])
      t.notMatch(again.body, /saml:Assertion/)
    })
  })
}

t.test('no attributes to a non-https TARGET: the assertion has no AttributeStatement', async (t) => {
  const { app } = await testApp(t, { services: SERVICES })
  const st = await ticketFor(t, app, INTRANET)
  const res = await post(app, INTRANET, samlRequest(st))
  t.same(statusCodes(res.body), ['samlp:Success'])
  t.same(res.xml.get('NameIdentifier'), ['lea.dupont'])
  t.notMatch(res.body, /AttributeStatement|saml:Attribute /)
})

t.test('a ticket for another service is refused with INVALID_SERVICE', async (t) => {
  const { app } = await testApp(t, { services: SERVICES })
  const st = await ticketFor(t, app, PRONOTE_ELEVE)
  const res = await post(app, 'https://ent.example.fr/', samlRequest(st))
  t.same(statusCodes(res.body), ['samlp:Responder', 'samlp:RequestDenied'])
  t.match(res.xml.get('StatusMessage')?.[0], /^INVALID_SERVICE: /)
  t.match(res.body, /Recipient="https:\/\/ent\.example\.fr\/"/)
})

t.test('bad requests get a well-formed SAML failure, never an HTML page', async (t) => {
  const { app } = await testApp(t, { services: SERVICES })
  const st = await ticketFor(t, app, PRONOTE_ELEVE)
  const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>${samlRequest('&lol2;')}`
  const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${samlRequest('&x;')}`
  const cases: Array<[string, string | undefined, string, string?]> = [
    ['no TARGET', undefined, samlRequest(st)],
    ['empty body', PRONOTE_ELEVE, ''],
    ['not XML', PRONOTE_ELEVE, 'ticket=' + st, 'text/plain'],
    ['malformed XML', PRONOTE_ELEVE, samlRequest(st).slice(0, -20)],
    ['no AssertionArtifact', PRONOTE_ELEVE, '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body/></SOAP-ENV:Envelope>'],
    ['two AssertionArtifacts', PRONOTE_ELEVE, samlRequest(st).replace('</samlp:Request>', `<samlp:AssertionArtifact>${st}</samlp:AssertionArtifact></samlp:Request>`)],
    ['entity expansion (DOCTYPE)', PRONOTE_ELEVE, bomb],
    ['external entity (DOCTYPE)', PRONOTE_ELEVE, xxe],
    ['a form instead of XML', PRONOTE_ELEVE, `ticket=${st}`, 'application/x-www-form-urlencoded']
  ]
  for (const [why, target, body, type] of cases) {
    const res = await post(app, target, body, type)
    t.equal(res.status, 200, why)
    t.same(statusCodes(res.body), ['samlp:Requester'], why)
    t.match(res.xml.get('StatusMessage')?.[0], /^INVALID_REQUEST: /, why)
    t.notMatch(res.body, /root:|lollol/, `${why}: nothing expanded`)
  }
  const ok = await post(app, PRONOTE_ELEVE, samlRequest(st))
  t.same(statusCodes(ok.body), ['samlp:Success'], 'none of the bad requests consumed the ticket')

  const big = await post(app, PRONOTE_ELEVE, samlRequest('ST-' + 'a'.repeat(20_000)))
  t.equal(big.status, 413, 'an oversized body is refused')
  t.same(statusCodes(big.body), ['samlp:Requester'])

  const get = await app.inject(`/samlValidate?TARGET=${enc(PRONOTE_ELEVE)}`)
  t.equal(get.statusCode, 405, 'POST only')
  t.equal(get.headers.allow, 'POST')
  parseXml(get.body)
})

t.test('/samlValidate refuses a proxy ticket, like /serviceValidate', async (t) => {
  const { app, ctx } = await testApp(t, { services: SERVICES })
  const { startSession } = await import('../../src/protocol/startSession.js')
  const { issueTicket } = await import('../../src/protocol/issueTicket.js')
  const person = (await ctx.directories[0]?.authenticate('lea.dupont', DEMO_PASSWORD))
  if (person === undefined) throw new Error('no demo user')
  const tgt = await startSession(ctx, person, false)
  const pt = await issueTicket(ctx, tgt, ctx.registry.match(PRONOTE_ELEVE) as NonNullable<ReturnType<typeof ctx.registry.match>>, { kind: 'PT', fromNewLogin: false, proxies: ['https://ent.example.fr/cb'] })
  const res = await post(app, PRONOTE_ELEVE, samlRequest(pt?.id as string))
  t.match(res.xml.get('StatusMessage')?.[0], /^INVALID_TICKET_SPEC: /)
})
