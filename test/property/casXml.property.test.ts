import fc from 'fast-check'
import t from 'tap'
import type { ServiceTicket } from '../../src/tickets/Ticket.js'
import { renderCasXml } from '../../src/views/renderCasXml.js'
import { renderCasJson } from '../../src/views/renderCasJson.js'
import { parseXml } from '../helpers/wellFormed.js'

/** What XML 1.0 can carry; anything else is replaced by U+FFFD. */
function xmlSafe (s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '\ufffd')
}

function ticket (user: string, value: string): ServiceTicket {
  return {
    id: 'ST-x', service: 'https://s/', serviceKey: 's', tgtId: 'TGT-x', user,
    attributes: { nom: [value], ENTPersonProfils: [value, 'National_ELV'] },
    fromNewLogin: true, authenticatedAt: 0, rememberMe: false, proxies: [], attributeStyle: 'both'
  }
}

const anyString = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('<', '>', '&', '"', '\'', ']]>', '\r', '\n', '\u0000', '\u0008', '\ufffe', '\ud800', 'é', '𝄞') }))

t.test('any string in any attribute gives well-formed XML that parses back to the same value', async (t) => {
  fc.assert(fc.property(anyString, anyString, (user, value) => {
    for (const version of [2, 3] as const) {
      const doc = parseXml(renderCasXml({ ok: true, ticket: ticket(user, value) }, version))
      if (doc.get('user')?.[0] !== xmlSafe(user)) return false
      if (doc.get('nom')?.[0] !== xmlSafe(value)) return false
      if (doc.get('ENTPersonProfils')?.[0] !== xmlSafe(value)) return false
    }
    return true
  }), { numRuns: 3000 })
  t.pass()
})

t.test('any string in a failure description gives well-formed XML', async (t) => {
  fc.assert(fc.property(anyString, (description) => {
    const doc = parseXml(renderCasXml({ ok: false, code: 'INVALID_TICKET', description }, 3))
    return doc.get('authenticationFailure')?.[0] === xmlSafe(description)
  }), { numRuns: 3000 })
  t.pass()
})

t.test('any string in any attribute gives JSON that parses back to the same value', async (t) => {
  fc.assert(fc.property(anyString, (value) => {
    const body = JSON.parse(renderCasJson({ ok: true, ticket: ticket('u', value) }, 3))
    return body.serviceResponse.authenticationSuccess.attributes.nom === value
  }), { numRuns: 2000 })
  t.pass()
})
