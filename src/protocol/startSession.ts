import type { Person } from '../directory/Person.js'
import { newTicketId } from '../tickets/newTicketId.js'
import type { TicketGrantingTicket } from '../tickets/Ticket.js'
import type { CasContext } from './CasContext.js'
import { rememberOwner } from './useSessionFor.js'

/**
 * What a session keeps of a person: what tickets need. A parent's children and the DN are for
 * imports only, and would make every session in Redis several hundred bytes larger.
 */
export function sessionPerson (person: Person): Person {
  const { dn: _dn, children: _children, ...kept } = person
  return { ...kept, children: [] }
}

/**
 * Opens a single sign-on session after a successful sign-in. "Se souvenir de moi" gives the
 * long-term lifetime (REMEMBER_ME_TTL_SECONDS) instead of TGT_TTL_SECONDS and TGT_IDLE_SECONDS.
 */
export async function startSession (ctx: CasContext, person: Person, rememberMe: boolean, now = Date.now()): Promise<TicketGrantingTicket> {
  const { config } = ctx
  const lifetime = (rememberMe ? config.rememberMeTtlSeconds : config.tgtTtlSeconds) * 1000
  const tgt: TicketGrantingTicket = {
    id: newTicketId('TGT'),
    person: sessionPerson(person),
    authenticatedAt: now,
    rememberMe,
    expiresAt: now + lifetime,
    idleMs: rememberMe ? lifetime : config.tgtIdleSeconds * 1000
  }
  await ctx.tickets.createSession(tgt)
  rememberOwner(tgt.id, person.uid)
  return tgt
}
