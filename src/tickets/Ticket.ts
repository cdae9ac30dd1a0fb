import type { Person } from '../directory/Person.js'

/** Released attributes: every value is a list, multi-valued attributes have several. */
export type Attributes = Record<string, string[]>

/** A single sign-on session, kept under the ticket-granting cookie. */
export interface TicketGrantingTicket {
  id: string
  person: Person
  /** When the person typed their password, in ms since the epoch. */
  authenticatedAt: number
  rememberMe: boolean
  /** Absolute end of the session, in ms since the epoch. */
  expiresAt: number
  /** How long the session survives without use, in ms. */
  idleMs: number
}

/**
 * A service or proxy ticket. Everything validation needs is fixed here when the ticket is issued,
 * so validation is one atomic read-and-delete and no lookup.
 */
export interface ServiceTicket {
  id: string
  /** The normalised service URL the ticket was issued for. */
  service: string
  /** The id of the registered service. */
  serviceKey: string
  tgtId: string
  /** cas:user. */
  user: string
  attributes: Attributes
  /** Whether the ticket was issued while the password was typed (false for single sign-on). */
  fromNewLogin: boolean
  authenticatedAt: number
  rememberMe: boolean
  /** Proxy chain, most recent first; empty for a service ticket. */
  proxies: string[]
  /** Attribute style of the service, so that the view needs no registry lookup. */
  attributeStyle: 'standard' | 'both'
  /** The service asks for single logout: its session is then watched for expiry too. */
  singleLogout?: boolean
}

/**
 * A service that received a ticket in a session: what single logout needs. A session keeps one
 * per registered service, with the service URL and ticket of the LATEST ticket issued to it (the
 * SessionIndex of the logout request). Latest rather than first: a CAS client opens its session on
 * the ticket it validates, and a person who comes back to a service through single sign-on gets a
 * new application session on the new ticket, the earlier one being gone or superseded; Apereo CAS
 * makes the same choice by default (`only-track-most-recent-session`). Keeping one per service
 * bounds the index by the registry, whatever the number of tickets (a flood of /login requests
 * cannot become a flood of logout requests).
 */
export interface SessionService {
  /** The latest ticket issued to the service in the session. */
  ticketId: string
  service: string
  serviceKey: string
}

/** A proxy-granting ticket, bound to the session that created it. */
export interface ProxyGrantingTicket {
  id: string
  tgtId: string
  user: string
  attributes: Attributes
  authenticatedAt: number
  rememberMe: boolean
  /** The proxy chain up to and including the callback that received this PGT, most recent first. */
  proxies: string[]
  /** The callback URL that received this PGT (the proxying service). */
  service: string
}
