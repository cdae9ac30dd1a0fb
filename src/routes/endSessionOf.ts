import type { FastifyRequest } from 'fastify'
import type { CasContext } from '../protocol/CasContext.js'
import type { EndedSession } from '../tickets/TicketStore.js'
import { audit } from './audit.js'

/**
 * Ends the session behind a ticket-granting cookie, if it is alive: the audit event, then single
 * logout through `onSessionEnded`. Used by /logout, and by a new sign-in in a browser that still
 * held a session (the applications of the previous person must not stay open).
 */
export async function endSessionOf (request: FastifyRequest, ctx: CasContext, tgc: string, reason: 'logout' | 'new sign-in', onSessionEnded?: (ended: EndedSession) => void): Promise<void> {
  const ended = await ctx.tickets.endSession(tgc)
  if (ended === undefined) return
  audit(request, 'logout', { user: ended.tgt.person.uid, services: ended.services.length, ...(reason === 'logout' ? {} : { reason }) })
  onSessionEnded?.(ended)
}
