import t from 'tap'
import { MemoryTicketStore } from '../../src/tickets/MemoryTicketStore.js'
import { PRONOTE_ELEVE, testApp } from '../helpers/testApp.js'

const enc = encodeURIComponent
const TWICE = `service=${enc(PRONOTE_ELEVE)}&service=${enc('https://evil.example.com/')}`
const SAML_BODY = '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><samlp:Request xmlns:samlp="urn:oasis:names:tc:SAML:1.0:protocol" RequestID="_1"><samlp:AssertionArtifact>ST-1</samlp:AssertionArtifact></samlp:Request></SOAP-ENV:Body></SOAP-ENV:Envelope>'

t.test('a parameter given twice is refused, never picked, in the way each endpoint answers', async (t) => {
  const { app } = await testApp(t)
  for (const path of ['/login', '/logout']) {
    const page = await app.inject(`${path}?${TWICE}`)
    t.equal(page.statusCode, 400, path)
    t.equal(page.headers.location, undefined, `${path} redirects nowhere`)
    t.match(page.body, /<title>Requête invalide/, path)
    t.match(page.body, /Un même paramètre a été donné plusieurs fois\./, path)
  }

  const cas1 = await app.inject(`/validate?ticket=ST-1&${TWICE}`)
  t.equal(cas1.statusCode, 200)
  t.equal(cas1.body, 'no\n\n', 'CAS 1.0 answers "no"')

  const xml = await app.inject(`/serviceValidate?ticket=ST-1&${TWICE}`)
  t.equal(xml.statusCode, 200)
  t.match(xml.headers['content-type'], /application\/xml/)
  t.match(xml.body, /<cas:authenticationFailure code="INVALID_REQUEST">[^<]*plusieurs fois/)

  const json = await app.inject(`/p3/serviceValidate?ticket=ST-1&format=JSON&${TWICE}`)
  t.equal(json.statusCode, 200)
  t.match(JSON.parse(json.body), { serviceResponse: { authenticationFailure: { code: 'INVALID_REQUEST' } } })

  const proxy = await app.inject(`/proxy?pgt=PGT-1&pgt=PGT-2&targetService=${enc(PRONOTE_ELEVE)}`)
  t.equal(proxy.statusCode, 200)
  t.match(proxy.body, /<cas:proxyFailure code="INVALID_REQUEST">/)

  const saml = await app.inject({ method: 'POST', url: `/samlValidate?TARGET=${enc(PRONOTE_ELEVE)}&TARGET=x`, headers: { 'content-type': 'text/xml' }, payload: SAML_BODY })
  t.equal(saml.statusCode, 200)
  t.match(saml.body, /samlp:Requester/)
  t.match(saml.body, /plusieurs fois/)
})

/** A ticket store whose reads fail, as a Redis out of reach would. */
class FailingTicketStore extends MemoryTicketStore {
  override async consumeServiceTicket (): Promise<never> { throw new Error('store unreachable: secret detail') }
  override async getProxyGrantingTicket (): Promise<never> { throw new Error('store unreachable: secret detail') }
}

t.test('a failure of the server during validation is an INTERNAL_ERROR answer in the client\'s format, status 200, without details', async (t) => {
  const { app } = await testApp(t, { tickets: new FailingTicketStore() })
  const q = `ticket=ST-1&service=${enc(PRONOTE_ELEVE)}`

  const cas1 = await app.inject(`/validate?${q}`)
  t.same([cas1.statusCode, cas1.body], [200, 'no\n\n'])

  for (const path of ['/serviceValidate', '/proxyValidate', '/p3/serviceValidate', '/p3/proxyValidate']) {
    const xml = await app.inject(`${path}?${q}`)
    t.equal(xml.statusCode, 200, path)
    t.match(xml.body, /<cas:authenticationFailure code="INTERNAL_ERROR">/, path)
    t.notMatch(xml.body, /secret detail/, path)
  }
  const json = await app.inject(`/p3/serviceValidate?${q}&format=JSON`)
  t.match(JSON.parse(json.body), { serviceResponse: { authenticationFailure: { code: 'INTERNAL_ERROR' } } })

  const proxy = await app.inject(`/proxy?pgt=PGT-1-abc&targetService=${enc(PRONOTE_ELEVE)}`)
  t.equal(proxy.statusCode, 200)
  t.match(proxy.body, /<cas:proxyFailure code="INTERNAL_ERROR">/)
  t.notMatch(proxy.body, /secret detail/)

  const saml = await app.inject({ method: 'POST', url: `/samlValidate?TARGET=${enc(PRONOTE_ELEVE)}`, headers: { 'content-type': 'text/xml' }, payload: SAML_BODY })
  t.equal(saml.statusCode, 200)
  t.match(saml.body, /samlp:Responder/)
  t.notMatch(saml.body, /secret detail/)
})
