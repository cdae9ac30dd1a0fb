import { randomBytes } from 'node:crypto'
import { create } from 'xmlbuilder2'
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js'
import type { CasErrorCode } from '../errors/ProtocolError.js'
import type { ServiceTicket } from '../tickets/Ticket.js'

const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/'
const SAMLP = 'urn:oasis:names:tc:SAML:1.0:protocol'
const SAML = 'urn:oasis:names:tc:SAML:1.0:assertion'
const XMLNS = 'http://www.w3.org/2000/xmlns/'
/** The attribute namespace CAS has always used in SAML 1.1 answers (Apereo, Java and PHP clients). */
export const CAS_ATTRIBUTE_NAMESPACE = 'http://www.ja-sig.org/products/cas/'

/** How long the assertion is valid, and how far back NotBefore goes for clocks that lag ours. */
const VALIDITY_MS = 30_000
const SKEW_MS = 5_000

export type SamlResult =
  | { ok: true, ticket: ServiceTicket, target: string, releaseAttributes: boolean }
  | { ok: false, code: CasErrorCode, description: string, target: string | undefined }

export interface SamlResponseContext {
  issuer: string
  requestId: string | undefined
  now?: Date
}

function samlId (): string {
  return '_' + randomBytes(16).toString('hex')
}

function subject (parent: XMLBuilder, user: string): void {
  const s = parent.ele(SAML, 'saml:Subject')
  s.ele(SAML, 'saml:NameIdentifier').txt(user)
  s.ele(SAML, 'saml:SubjectConfirmation').ele(SAML, 'saml:ConfirmationMethod').txt('urn:oasis:names:tc:SAML:1.0:cm:artifact')
}

/**
 * A SAML 1.1 answer to /samlValidate, in its SOAP envelope, shaped as Apereo CAS shapes it. A
 * failure keeps the SAML 1.1 schema: top-level `samlp:Requester` for a malformed request,
 * `samlp:Responder` otherwise, with `samlp:RequestDenied` beneath it for a refused ticket, and the
 * CAS code in the StatusMessage. Every value is escaped by xmlbuilder2, so the document is
 * well-formed whatever a directory holds.
 */
export function renderSamlResponse (result: SamlResult, context: SamlResponseContext): string {
  const now = context.now ?? new Date()
  const instant = now.toISOString()
  const envelope = create({ invalidCharReplacement: '\uFFFD' }).ele(SOAP, 'SOAP-ENV:Envelope')
  envelope.ele(SOAP, 'SOAP-ENV:Header')
  const response = envelope.ele(SOAP, 'SOAP-ENV:Body').ele(SAMLP, 'samlp:Response')
    .att(XMLNS, 'xmlns:saml', SAML)
    .att({ IssueInstant: instant, MajorVersion: '1', MinorVersion: '1', ResponseID: samlId() })
  if (result.target !== undefined) response.att('Recipient', result.target)
  if (context.requestId !== undefined) response.att('InResponseTo', context.requestId)
  const status = response.ele(SAMLP, 'samlp:Status')
  if (!result.ok) {
    const top = status.ele(SAMLP, 'samlp:StatusCode', { Value: result.code === 'INVALID_REQUEST' ? 'samlp:Requester' : 'samlp:Responder' })
    if (result.code !== 'INVALID_REQUEST' && result.code !== 'INTERNAL_ERROR') top.ele(SAMLP, 'samlp:StatusCode', { Value: 'samlp:RequestDenied' })
    status.ele(SAMLP, 'samlp:StatusMessage').txt(`${result.code}: ${result.description}`)
    return envelope.end({ headless: false, prettyPrint: true })
  }
  status.ele(SAMLP, 'samlp:StatusCode', { Value: 'samlp:Success' })
  const { ticket } = result
  const assertion = response.ele(SAML, 'saml:Assertion', {
    AssertionID: samlId(), IssueInstant: instant, Issuer: context.issuer, MajorVersion: '1', MinorVersion: '1'
  })
  assertion.ele(SAML, 'saml:Conditions', {
    NotBefore: new Date(now.getTime() - SKEW_MS).toISOString(),
    NotOnOrAfter: new Date(now.getTime() + VALIDITY_MS).toISOString()
  }).ele(SAML, 'saml:AudienceRestrictionCondition').ele(SAML, 'saml:Audience').txt(result.target)
  const authn = assertion.ele(SAML, 'saml:AuthenticationStatement', {
    AuthenticationInstant: new Date(ticket.authenticatedAt).toISOString(),
    AuthenticationMethod: 'urn:oasis:names:tc:SAML:1.0:am:password'
  })
  subject(authn, ticket.user)
  const attributes = Object.entries(ticket.attributes).filter(([, values]) => values.length > 0)
  if (result.releaseAttributes && attributes.length > 0) {
    const statement = assertion.ele(SAML, 'saml:AttributeStatement')
    subject(statement, ticket.user)
    for (const [name, values] of attributes) {
      const attribute = statement.ele(SAML, 'saml:Attribute', { AttributeName: name, AttributeNamespace: CAS_ATTRIBUTE_NAMESPACE })
      for (const v of values) attribute.ele(SAML, 'saml:AttributeValue').txt(v)
    }
  }
  return envelope.end({ headless: false, prettyPrint: true })
}
