import type { LinksReader, PronoteLink } from '../pronote/LinkStore.js'
import type { ServiceMatch } from '../services/ServiceRegistry.js'
import type { TicketGrantingTicket } from '../tickets/Ticket.js'
import type { CasContext } from './CasContext.js'

/** How many sessions' owners a process remembers: ~100 bytes each. */
const REMEMBERED = 10_000

/**
 * The person each recent session belongs to, by session id: a session never changes owner, and its
 * id is never reused, so what is remembered stays true (and is checked against the session read).
 */
const owners = new Map<string, string>()

/** Remembers who a session belongs to (once opened, or read), forgetting the oldest beyond REMEMBERED. */
export function rememberOwner (tgtId: string, uid: string): void {
  if (owners.has(tgtId)) return
  if (owners.size >= REMEMBERED) owners.delete(owners.keys().next().value as string)
  owners.set(tgtId, uid)
}

/**
 * Single sign-on to a PRONOTE service reads the session, then the person's PRONOTE links, then
 * stores the ticket: three Redis round trips in sequence. When this process already knows whose
 * session it is, the links are read together with the session (both commands in one round trip),
 * instead of after it. They are read at the same moment as before, per request: an import is seen
 * by the next ticket. The read is used only if the session turns out alive and that person's;
 * otherwise it is dropped, and the links are read the usual way.
 */
export async function useSessionFor (ctx: CasContext, tgtId: string, match: ServiceMatch | undefined): Promise<{ tgt: TicketGrantingTicket | undefined, links: LinksReader }> {
  const uid = owners.get(tgtId)
  const uai = match?.service.attributeRelease === 'pronote' ? match.service.uai : undefined
  if (uid === undefined || uai === undefined) {
    const tgt = await ctx.tickets.useSession(tgtId)
    if (tgt !== undefined) rememberOwner(tgtId, tgt.person.uid)
    return { tgt, links: ctx.links }
  }
  const read = ctx.links.linksOf(uid, uai)
  // Awaited below only when used: a failure is then reported where the links are read.
  read.catch(() => {})
  const tgt = await ctx.tickets.useSession(tgtId)
  if (tgt === undefined || tgt.person.uid !== uid) return { tgt, links: ctx.links }
  return { tgt, links: readOnce(ctx.links, uid, uai, read) }
}

/** `links`, with the links of (uid, uai) already read: handed out once, then read again. */
function readOnce (links: LinksReader, uid: string, uai: string, read: Promise<PronoteLink[]>): LinksReader {
  let pending: Promise<PronoteLink[]> | undefined = read
  return {
    async linksOf (u: string, a: string): Promise<PronoteLink[]> {
      if (pending === undefined || u !== uid || a !== uai) return await links.linksOf(u, a)
      const p = pending
      pending = undefined
      return await p
    }
  }
}
