import type { ProxyGrantingTicket, ServiceTicket, SessionService, TicketGrantingTicket } from './Ticket.js'

/** What ending a session returns: the session and the services single logout must tell. */
export interface EndedSession {
  tgt: TicketGrantingTicket
  /** One entry per service that received a ticket in the session, with its latest ticket. */
  services: SessionService[]
}

/**
 * Where tickets live. Implementations: MemoryTicketStore (embedded default) and RedisTicketStore.
 * The contract (test/tickets/ticketStoreContract.ts) is the same for both:
 * - a value and its lifetime are written in one operation;
 * - consumeServiceTicket is one atomic read-and-delete: of N concurrent calls, exactly one gets
 *   the ticket;
 * - a session indexes each service it issued a ticket to once, with the latest ticket (so the
 *   index is bounded by the registry, not by the number of tickets), and its PGTs;
 * - a ticket or PGT whose session has ended is never handed out again, indexed or not.
 */
export interface TicketStore {
  createSession (tgt: TicketGrantingTicket): Promise<void>
  /** The session if it is alive; its idle deadline is pushed back. */
  useSession (tgtId: string, now?: number): Promise<TicketGrantingTicket | undefined>
  /** Removes the session and its outstanding tickets; returns what it held, if it was alive. */
  endSession (tgtId: string): Promise<EndedSession | undefined>

  /**
   * Stores a service or proxy ticket and records its service under its session, replacing the
   * entry of an earlier ticket for the same service. With `perMinute`, a live session that was
   * already given that many tickets within the minute begun by the first of them gets none:
   * nothing is stored and the answer is false. Counting and storing are one atomic step.
   */
  addServiceTicket (ticket: ServiceTicket, ttlSeconds: number, perMinute?: number): Promise<boolean>
  /**
   * Reads and deletes in one step: a ticket is returned at most once, whatever happens next, and
   * never once its session has ended.
   */
  consumeServiceTicket (ticketId: string): Promise<ServiceTicket | undefined>

  addProxyGrantingTicket (pgt: ProxyGrantingTicket, ttlSeconds: number): Promise<void>
  /** The PGT while it and its session are alive. */
  getProxyGrantingTicket (pgtId: string): Promise<ProxyGrantingTicket | undefined>

  /**
   * Tells `listener` of every session that ends by expiring (single logout on expiry), once,
   * whichever node notices. MemoryTicketStore ends every expired session; RedisTicketStore
   * watches the sessions that issued a ticket to a single-logout service.
   */
  watchExpiredSessions (listener: (ended: EndedSession) => void): void

  /** Marks a one-time token as used; true the first time only, within ttlSeconds. */
  claimOnce (key: string, ttlSeconds: number): Promise<boolean>

  close (): Promise<void>
}
