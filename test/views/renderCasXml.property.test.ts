import fc from 'fast-check'
import t from 'tap'
import type { CasErrorCode } from '../../src/errors/ProtocolError.js'
import type { ServiceTicket } from '../../src/tickets/Ticket.js'
import { renderCasXml } from '../../src/views/renderCasXml.js'
import { renderCasXmlReference } from './renderCasXmlReference.js'

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('<', '>', '&', '"', '\'', ']]>', '\r', '\n', '\t', ' ', '\u0000', '\u0008', '\ufffe', '\ud800', '\udc00', 'é', '𝄞', 'a'), maxLength: 12 })
)
const name = fc.constantFrom('nom', 'prenom', 'pronoteId', 'ENTPersonProfils', 'categories', 'x.y-z_1')

const ticket: fc.Arbitrary<ServiceTicket> = fc.record({
  id: fc.constant('ST-x'),
  service: fc.constant('https://s/'),
  serviceKey: fc.constant('s'),
  tgtId: fc.constant('TGT-x'),
  user: text,
  attributes: fc.dictionary(name, fc.array(text, { minLength: 1, maxLength: 3 })),
  fromNewLogin: fc.boolean(),
  authenticatedAt: fc.integer({ min: 0, max: 4_000_000_000_000 }),
  rememberMe: fc.boolean(),
  proxies: fc.array(text, { maxLength: 3 }),
  attributeStyle: fc.constantFrom('standard' as const, 'both' as const)
})

t.test('the hand-written CAS XML is the very text xmlbuilder2 writes, for any ticket', async (t) => {
  fc.assert(fc.property(ticket, fc.option(text, { nil: undefined }), fc.constantFrom(2 as const, 3 as const), (tk, pgtIou, version) => {
    const result = pgtIou === undefined ? { ok: true as const, ticket: tk } : { ok: true as const, ticket: tk, pgtIou }
    return renderCasXml(result, version) === renderCasXmlReference(result, version)
  }), { numRuns: 5000 })
  t.pass()
})

t.test('the hand-written CAS XML failure is the very text xmlbuilder2 writes, for any description', async (t) => {
  const code = fc.constantFrom<CasErrorCode>('INVALID_REQUEST', 'INVALID_TICKET', 'INVALID_SERVICE', 'INTERNAL_ERROR')
  fc.assert(fc.property(code, text, (c, description) => {
    const result = { ok: false as const, code: c, description }
    return renderCasXml(result, 3) === renderCasXmlReference(result, 3)
  }), { numRuns: 3000 })
  t.pass()
})
