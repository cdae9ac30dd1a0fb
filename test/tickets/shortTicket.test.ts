import t from 'tap'
import { newTicketId } from '../../src/tickets/newTicketId.js'
import { shortTicket } from '../../src/tickets/shortTicket.js'

t.test('a ticket shows its prefix and six characters; any other value its first six, never more', async (t) => {
  const pgtIou = newTicketId('PGTIOU')
  t.equal(shortTicket(pgtIou), `${pgtIou.slice(0, 13)}…`)
  t.equal(shortTicket('ST-abc'), 'ST-abc…')
  t.equal(shortTicket(`junk-and-more-${pgtIou}`), 'junk-and-mo…', 'a dash among the first seven characters ends a prefix')
  t.equal(shortTicket(`xxxxxxxxxxxx${pgtIou}`), 'xxxxxx…', 'a ticket behind other characters is not shown')
  t.equal(shortTicket('nodash'), 'nodash…')
  t.equal(shortTicket(undefined), undefined)
})
