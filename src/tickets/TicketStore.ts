import type { ProxyGrantingTicket, ServiceTicket, SessionService, TicketGrantingTicket } from './Ticket.js'

/** What ending a session returns: the session and the services single logout must tell. */
export interface EndedSession {
  tgt: TicketGrantingTicket
  services: SessionService[]
}

/**
 * Where tickets live. Implementations: MemoryTicketStore (embedded default) and RedisTicketStore.
 * The contract (test/tickets/ticketStoreContract.ts) is the same for both:
 * - a value and its lifetime are written in one operation;
 * - consumeServiceTicket is one atomic read-and-delete: of N concurrent calls, exactly one gets
 *   the ticket;
 * - every ticket issued in a session is indexed under its TGT, so endSession can end them all.
 */
export interface TicketStore {
  createSession (tgt: TicketGrantingTicket): Promise<void>
  /** The session if it is alive; its idle deadline is pushed back. */
  useSession (tgtId: string, now?: number): Promise<TicketGrantingTicket | undefined>
  /** Removes the session and its outstanding tickets; returns what it held, if it was alive. */
  endSession (tgtId: string): Promise<EndedSession | undefined>

  /** Stores a service or proxy ticket and records it under its session. */
  addServiceTicket (ticket: ServiceTicket, ttlSeconds: number): Promise<void>
  /** Reads and deletes in one step: a ticket is returned at most once, whatever happens next. */
  consumeServiceTicket (ticketId: string): Promise<ServiceTicket | undefined>

  addProxyGrantingTicket (pgt: ProxyGrantingTicket, ttlSeconds: number): Promise<void>
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
