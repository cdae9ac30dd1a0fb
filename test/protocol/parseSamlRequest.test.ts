import t from 'tap'
import { ProtocolError } from '../../src/errors/ProtocolError.js'
import { parseSamlRequest } from '../../src/protocol/parseSamlRequest.js'

const request = (inner: string, id = '_abc'): string =>
  `<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><samlp:Request xmlns:samlp="urn:oasis:names:tc:SAML:1.0:protocol" MajorVersion="1" MinorVersion="1" RequestID="${id}">${inner}</samlp:Request></SOAP-ENV:Body></SOAP-ENV:Envelope>`

t.test('the artifact is read and trimmed, the RequestID kept', async (t) => {
  t.same(parseSamlRequest(request('<samlp:AssertionArtifact>\n   ST-1-abc\n  </samlp:AssertionArtifact>')), { artifact: 'ST-1-abc', requestId: '_abc' })
  t.same(parseSamlRequest(request('<samlp:AssertionArtifact><![CDATA[ST-2]]></samlp:AssertionArtifact>')).artifact, 'ST-2')
})

t.test('a RequestID that could not be echoed safely is dropped', async (t) => {
  t.equal(parseSamlRequest(request('<samlp:AssertionArtifact>ST-1</samlp:AssertionArtifact>', '1 bad id')).requestId, undefined)
})

t.test('DOCTYPEs, malformed XML and missing or repeated artifacts are INVALID_REQUEST', async (t) => {
  const bad = [
    `<!DOCTYPE x [<!ENTITY a "ST-1">]>${request('<samlp:AssertionArtifact>&a;</samlp:AssertionArtifact>')}`,
    `<!DOCTYPE x SYSTEM "http://127.0.0.1:1/x.dtd">${request('<samlp:AssertionArtifact>ST-1</samlp:AssertionArtifact>')}`,
    request('<samlp:AssertionArtifact>&undefined;</samlp:AssertionArtifact>'),
    request('<samlp:AssertionArtifact>ST-1</samlp:AssertionArtifact><samlp:AssertionArtifact>ST-2</samlp:AssertionArtifact>'),
    request(''),
    request('<samlp:AssertionArtifact>  </samlp:AssertionArtifact>'),
    '<unclosed>',
    ''
  ]
  for (const xml of bad) {
    let caught: unknown
    try { parseSamlRequest(xml) } catch (err) { caught = err }
    t.ok(caught instanceof ProtocolError && caught.code === 'INVALID_REQUEST', xml.slice(0, 60))
  }
})
