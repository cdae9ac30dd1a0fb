import type { ProxyGrantingTicket, ServiceTicket, SessionService, TicketGrantingTicket } from './Ticket.js'
import type { EndedSession, TicketStore } from './TicketStore.js'

interface Session {
  tgt: TicketGrantingTicket
  idleDeadline: number
  /** One entry per registered service, with its latest ticket (Map order: first issue). */
  services: Map<string, SessionService>
  /** Ids of the PGTs issued in the session. */
  pgts: Set<string>
  /** Tickets counted since `since` (ms), for the per-minute limit. */
  window: { since: number, count: number }
}

export interface MemoryTicketStoreOptions {
  /** How often expired entries are swept, in ms. */
  sweepMs?: number
  /** Called for each session that expires (single logout on expiry). */
  onSessionExpired?: (ended: EndedSession) => void
}

const alive = (s: Session | undefined, now: number): s is Session => s !== undefined && s.idleDeadline > now && s.tgt.expiresAt > now

/**
 * The embedded ticket store: one process, nothing survives a restart. Operations are synchronous
 * under the hood, so each one is atomic by construction (Node runs them one at a time).
 */
export class MemoryTicketStore implements TicketStore {
  private readonly sessions = new Map<string, Session>()
  private readonly tickets = new Map<string, { ticket: ServiceTicket, expiresAt: number }>()
  private readonly pgts = new Map<string, { pgt: ProxyGrantingTicket, expiresAt: number }>()
  private readonly once = new Map<string, number>()
  private readonly timer: NodeJS.Timeout
  private readonly expiryListeners: Array<(ended: EndedSession) => void> = []

  constructor (options: MemoryTicketStoreOptions = {}) {
    if (options.onSessionExpired !== undefined) this.expiryListeners.push(options.onSessionExpired)
    this.timer = setInterval(() => this.sweep(Date.now()), options.sweepMs ?? 10_000)
    this.timer.unref()
  }

  /** Drops everything expired at `now`; sessions go through endSession so single logout can follow. */
  sweep (now: number): void {
    for (const [id, s] of this.sessions) {
      if (s.idleDeadline <= now || s.tgt.expiresAt <= now) {
        const ended = this.end(id)
        if (ended !== undefined) for (const listener of this.expiryListeners) listener(ended)
      }
    }
    for (const [id, t] of this.tickets) if (t.expiresAt <= now) this.tickets.delete(id)
    for (const [id, p] of this.pgts) if (p.expiresAt <= now) this.pgts.delete(id)
    for (const [k, exp] of this.once) if (exp <= now) this.once.delete(k)
  }

  watchExpiredSessions (listener: (ended: EndedSession) => void): void {
    this.expiryListeners.push(listener)
  }

  async createSession (tgt: TicketGrantingTicket): Promise<void> {
    const idleDeadline = Math.min(Date.now() + tgt.idleMs, tgt.expiresAt)
    this.sessions.set(tgt.id, { tgt: structuredClone(tgt), idleDeadline, services: new Map(), pgts: new Set(), window: { since: 0, count: 0 } })
  }

  async useSession (tgtId: string, now = Date.now()): Promise<TicketGrantingTicket | undefined> {
    const s = this.sessions.get(tgtId)
    if (!alive(s, now)) return undefined
    s.idleDeadline = Math.min(now + s.tgt.idleMs, s.tgt.expiresAt)
    return structuredClone(s.tgt)
  }

  private end (tgtId: string): EndedSession | undefined {
    const s = this.sessions.get(tgtId)
    if (s === undefined) return undefined
    this.sessions.delete(tgtId)
    // Earlier tickets of a service are no longer indexed: consumeServiceTicket refuses them
    // because their session is gone, and the sweep drops them.
    for (const { ticketId } of s.services.values()) this.tickets.delete(ticketId)
    for (const id of s.pgts) this.pgts.delete(id)
    return { tgt: s.tgt, services: [...s.services.values()] }
  }

  async endSession (tgtId: string): Promise<EndedSession | undefined> {
    return this.end(tgtId)
  }

  async addServiceTicket (ticket: ServiceTicket, ttlSeconds: number, perMinute?: number): Promise<boolean> {
    const now = Date.now()
    const s = this.sessions.get(ticket.tgtId)
    if (alive(s, now) && perMinute !== undefined) {
      if (now - s.window.since >= 60_000) s.window = { since: now, count: 0 }
      s.window.count++
      if (s.window.count > perMinute) return false
    }
    this.tickets.set(ticket.id, { ticket: structuredClone(ticket), expiresAt: now + ttlSeconds * 1000 })
    s?.services.set(ticket.serviceKey, { ticketId: ticket.id, service: ticket.service, serviceKey: ticket.serviceKey })
    return true
  }

  async consumeServiceTicket (ticketId: string): Promise<ServiceTicket | undefined> {
    const entry = this.tickets.get(ticketId)
    if (entry === undefined) return undefined
    this.tickets.delete(ticketId)
    const now = Date.now()
    return entry.expiresAt > now && alive(this.sessions.get(entry.ticket.tgtId), now) ? entry.ticket : undefined
  }

  async addProxyGrantingTicket (pgt: ProxyGrantingTicket, ttlSeconds: number): Promise<void> {
    this.pgts.set(pgt.id, { pgt: structuredClone(pgt), expiresAt: Date.now() + ttlSeconds * 1000 })
    this.sessions.get(pgt.tgtId)?.pgts.add(pgt.id)
  }

  async getProxyGrantingTicket (pgtId: string): Promise<ProxyGrantingTicket | undefined> {
    const entry = this.pgts.get(pgtId)
    const now = Date.now()
    if (entry === undefined || entry.expiresAt <= now || !alive(this.sessions.get(entry.pgt.tgtId), now)) return undefined
    return structuredClone(entry.pgt)
  }

  async claimOnce (key: string, ttlSeconds: number): Promise<boolean> {
    const now = Date.now()
    const exp = this.once.get(key)
    if (exp !== undefined && exp > now) return false
    this.once.set(key, now + ttlSeconds * 1000)
    return true
  }

  async close (): Promise<void> {
    clearInterval(this.timer)
  }
}
