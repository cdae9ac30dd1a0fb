import t from 'tap'
import { ProtocolError } from '../../src/errors/ProtocolError.js'
import { TicketLimitError } from '../../src/errors/TicketLimitError.js'
import { resolveService } from '../../src/protocol/resolveService.js'
import { parseServices } from '../../src/services/parseServices.js'
import { ServiceRegistry } from '../../src/services/ServiceRegistry.js'

t.test('protocol code refuses with a code, never with page text or an HTTP status', async (t) => {
  const registry = new ServiceRegistry(parseServices([{ id: 'a', name: 'A', serviceId: 'https://a.example.fr/**' }], 'test'))
  let caught: unknown
  try { resolveService(registry, 'https://evil.example.com/') } catch (err) { caught = err }
  t.ok(caught instanceof ProtocolError, 'a ProtocolError')
  const err = caught as ProtocolError & Record<string, unknown>
  t.equal(err.code, 'unknownService')
  t.equal(err.casCode, undefined, 'a refusal of the browser flows has no CAS code')
  t.equal(err.statusCode, undefined, 'no HTTP status')
  t.notMatch(err.message, /autorisée|</, 'no page text')

  const limit = new TicketLimitError('lea.dupont', 'pronote', 10)
  t.equal(limit.code, 'tooManyTickets')
  t.equal((limit as unknown as Record<string, unknown>).statusCode, undefined, 'no HTTP status')
})

t.test('a CAS code is read as such by validation clients', async (t) => {
  t.equal(new ProtocolError('INVALID_TICKET', 'Ticket inconnu.').casCode, 'INVALID_TICKET')
  t.equal(new ProtocolError('accessDenied', 'refused').casCode, undefined)
})
