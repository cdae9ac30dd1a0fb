import { create } from 'xmlbuilder2'
import { hasAttributeBlock, protocolAttributes, type ProtocolVersion, type ValidationResult } from '../../src/views/ValidationResult.js'

const CAS_NS = 'http://www.yale.edu/tp/cas'

/**
 * A parser turns a raw carriage return into a line feed, so a value holding one would not read
 * back the same: it must travel as a character reference. The serializer writes no CR of its
 * own (pretty printing uses LF), so every CR in the output belongs to a value.
 */
function serialize (root: ReturnType<ReturnType<typeof create>['ele']>): string {
  return root.end({ headless: true, prettyPrint: true }).replace(/\r/g, '&#xD;')
}

/**
 * The CAS 2.0/3.0 XML service response as xmlbuilder2 writes it: the reference that the
 * hand-written renderer on the hot path (src/views/renderCasXml.ts) must match to the byte.
 */
export function renderCasXmlReference (result: ValidationResult, version: ProtocolVersion): string {
  const root = create({ invalidCharReplacement: '\uFFFD' }).ele(CAS_NS, 'cas:serviceResponse')
  if (!result.ok) {
    root.ele('cas:authenticationFailure', { code: result.code }).txt(result.description)
    return serialize(root)
  }
  const { ticket } = result
  const success = root.ele('cas:authenticationSuccess')
  success.ele('cas:user').txt(ticket.user)
  if (hasAttributeBlock(ticket, version)) {
    const attributes = success.ele('cas:attributes')
    for (const [name, value] of protocolAttributes(ticket)) attributes.ele(`cas:${name}`).txt(value)
    for (const [name, values] of Object.entries(ticket.attributes)) {
      for (const v of values) attributes.ele(`cas:${name}`).txt(v)
    }
    if (ticket.attributeStyle === 'both') {
      for (const [name, values] of Object.entries(ticket.attributes)) {
        for (const v of values) success.ele(`cas:${name}`).txt(v)
      }
    }
  }
  if (result.pgtIou !== undefined) success.ele('cas:proxyGrantingTicket').txt(result.pgtIou)
  if (ticket.proxies.length > 0) {
    const proxies = success.ele('cas:proxies')
    for (const p of ticket.proxies) proxies.ele('cas:proxy').txt(p)
  }
  return serialize(root)
}
