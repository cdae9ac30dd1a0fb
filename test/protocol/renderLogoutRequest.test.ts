import t from 'tap'
import { renderLogoutRequest } from '../../src/views/renderLogoutRequest.js'
import { parseXml } from '../helpers/wellFormed.js'

t.test('a LogoutRequest carries the service ticket as SessionIndex, in the exact shape clients look for', async (t) => {
  const xml = renderLogoutRequest('ST-abc123', new Date('2024-09-02T08:00:00Z'))
  t.same(parseXml(xml).get('SessionIndex'), ['ST-abc123'])
  t.same(parseXml(xml).get('NameID'), ['@NOT_USED@'])
  // phpCAS finds the ticket with this very regular expression.
  t.equal(/<samlp:SessionIndex>(.*)<\/samlp:SessionIndex>/.exec(xml)?.[1], 'ST-abc123')
  t.match(xml, /IssueInstant="2024-09-02T08:00:00\.000Z"/)
  t.match(xml, /ID="LR-[0-9a-f-]{36}" Version="2\.0"/)
  t.not(renderLogoutRequest('ST-1'), renderLogoutRequest('ST-1'), 'each request has its own ID')
})

t.test('a ticket id outside [A-Za-z0-9-] is refused rather than written into XML', async (t) => {
  t.throws(() => renderLogoutRequest('ST-<x>'))
})
