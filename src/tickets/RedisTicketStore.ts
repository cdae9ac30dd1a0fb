import type { Cluster, Redis } from 'ioredis'
import { ADD_TICKET, ADD_TO_SESSION, CONSUME_TICKET, CREATE_SESSION, END_SESSION, EXPIRE_SESSION, SESSION_ALIVE, USE_SESSION } from './redisTicketScripts.js'
import type { ProxyGrantingTicket, ServiceTicket, SessionService, TicketGrantingTicket } from './Ticket.js'
import type { EndedSession, TicketStore } from './TicketStore.js'

type Client = Redis | Cluster

/** What a session key holds besides its lifetime: the id is the key, the lifetime its prefix. */
type StoredSession = Omit<TicketGrantingTicket, 'id' | 'expiresAt' | 'idleMs'>

/**
 * Reads an entry of a session's list: "s|<service key>|<ticket>|<URL>" for a service (its latest
 * ticket), "p|<PGT id>" for a PGT. Sessions written before the index kept one entry per service
 * are JSON arrays ([ticket, service key, URL] or [PGT id]): still read, for a rolling upgrade.
 */
function parseEntry (e: string): { pgt: string } | SessionService {
  if (e.startsWith('[')) {
    const [ticketId, serviceKey, service] = JSON.parse(e) as [string, string?, string?]
    return serviceKey === undefined ? { pgt: ticketId } : { ticketId, serviceKey, service: service as string }
  }
  if (e.startsWith('p|')) return { pgt: e.slice(2) }
  const a = e.indexOf('|', 2)
  const b = e.indexOf('|', a + 1)
  return { serviceKey: e.slice(2, a), ticketId: e.slice(a + 1, b), service: e.slice(b + 1) }
}

/** Splits "expiresAt|idleMs|json" back into a session. */
function parseSession (id: string, v: string): TicketGrantingTicket {
  const a = v.indexOf('|')
  const b = v.indexOf('|', a + 1)
  const stored = JSON.parse(v.slice(b + 1)) as StoredSession
  return { id, ...stored, expiresAt: Number(v.slice(0, a)), idleMs: Number(v.slice(a + 1, b)) }
}

export interface RedisTicketStoreOptions {
  /** How long a session's key outlives the session, for the sweeper to end it (ms; 10 min). */
  graceMs?: number
  /** How often watchExpiredSessions looks for expired sessions (ms; 5 s). */
  sweepMs?: number
}

/**
 * Tickets in Redis. A session is one list key under the hash tag {TGT-…}, with one entry per
 * service (redisTicketScripts.ts); service tickets are single keys consumed by GETDEL, then
 * handed out only if their session is still alive (one more round trip, and no ticket of an
 * ended session validates, indexed or not); a ticket's id is known from its key, so values do
 * not repeat it. The client is the caller's: close() does not quit it.
 *
 * Sessions with a single-logout service are also in one sorted set of sessions due for a look
 * (`slo-due`), scored no later than their end: the sweeper of every node looks at those that are
 * due, ends the expired ones (one node wins each) and reschedules the others.
 */
export class RedisTicketStore implements TicketStore {
  private readonly redis: Client
  private readonly prefix: string
  private readonly graceMs: number
  private readonly sweepMs: number
  private readonly dueKey: string
  private timer: NodeJS.Timeout | undefined
  private sweeping = false
  private readonly expiryListeners: Array<(ended: EndedSession) => void> = []

  constructor (redis: Redis | Cluster, prefix = 'sesame:', options: RedisTicketStoreOptions = {}) {
    redis.defineCommand('sesameCreateSession', { numberOfKeys: 1, lua: CREATE_SESSION })
    redis.defineCommand('sesameUseSession', { numberOfKeys: 1, lua: USE_SESSION })
    redis.defineCommand('sesameAddToSession', { numberOfKeys: 2, lua: ADD_TO_SESSION })
    redis.defineCommand('sesameEndSession', { numberOfKeys: 1, lua: END_SESSION })
    redis.defineCommand('sesameAddTicket', { numberOfKeys: 4, lua: ADD_TICKET })
    redis.defineCommand('sesameSessionAlive', { numberOfKeys: 1, lua: SESSION_ALIVE })
    redis.defineCommand('sesameExpireSession', { numberOfKeys: 1, lua: EXPIRE_SESSION })
    redis.defineCommand('sesameConsumeTicket', { numberOfKeys: 1, lua: CONSUME_TICKET })
    this.redis = redis
    this.prefix = prefix
    this.graceMs = options.graceMs ?? 600_000
    this.sweepMs = options.sweepMs ?? 5000
    this.dueKey = `${prefix}slo-due`
  }

  /** The key of a session (exported for tests and the benchmark, which look at Redis itself). */
  sessionKey (id: string): string { return `${this.prefix}{${id}}` }
  /** The key of a service or proxy ticket. */
  serviceTicketKey (id: string): string { return `${this.prefix}st:${id}` }
  private pgtKey (id: string): string { return `${this.prefix}pgt:${id}` }
  /** The per-minute ticket count of a session: same hash tag, so same Cluster slot, as the session. */
  private counterKey (id: string): string { return `${this.prefix}{${id}}n` }

  async createSession (tgt: TicketGrantingTicket): Promise<void> {
    const ttl = Math.min(tgt.idleMs, tgt.expiresAt - Date.now())
    if (ttl <= 0) return
    const { id: _id, expiresAt, idleMs, ...stored } = tgt
    await this.redis.sesameCreateSession(this.sessionKey(tgt.id), `${expiresAt}|${idleMs}|${JSON.stringify(stored)}`, ttl, this.graceMs)
  }

  async useSession (tgtId: string, now = Date.now()): Promise<TicketGrantingTicket | undefined> {
    const v = await this.redis.sesameUseSession(this.sessionKey(tgtId), now, this.graceMs)
    return v === null ? undefined : parseSession(tgtId, v)
  }

  async endSession (tgtId: string): Promise<EndedSession | undefined> {
    const [list] = await Promise.all([this.redis.sesameEndSession(this.sessionKey(tgtId)), this.redis.zrem(this.dueKey, tgtId)])
    return await this.ended(tgtId, list)
  }

  /** A session's list once removed: its indexed tickets are unlinked, its services returned. */
  private async ended (tgtId: string, [v, ...rest]: string[]): Promise<EndedSession | undefined> {
    if (v === undefined) return undefined
    const entries = rest.map(parseEntry)
    // One command per ticket: in a Cluster their keys live in different slots, and an ioredis
    // pipeline must stay on one node. Sent together, they still share the round trips. Earlier
    // tickets of a service are not indexed: their session being gone, they are refused anyway.
    await Promise.all(entries.map(async (e) => await this.redis.unlink('pgt' in e ? this.pgtKey(e.pgt) : this.serviceTicketKey(e.ticketId))))
    const services = entries.filter((e): e is SessionService => !('pgt' in e))
    return { tgt: parseSession(tgtId, v), services }
  }

  /** Every sweepMs, ends the sessions that expired and tells `listener` (single logout on expiry). */
  watchExpiredSessions (listener: (ended: EndedSession) => void): void {
    this.expiryListeners.push(listener)
    this.timer ??= setInterval(() => {
      if (this.sweeping) return
      this.sweeping = true
      // A failed sweep (Redis unreachable) is tried again at the next tick: the keys wait for it.
      this.sweep(Date.now()).catch(() => {}).finally(() => { this.sweeping = false })
    }, this.sweepMs)
    this.timer.unref()
  }

  /** Looks at the sessions due at `now`: ends those that expired, and tells the watchers; reschedules the others. */
  async sweep (now: number): Promise<void> {
    const due = await this.redis.zrangebyscore(this.dueKey, '-inf', now, 'LIMIT', 0, 200)
    await Promise.all(due.map(async (tgtId) => {
      const [state, detail] = await this.redis.sesameExpireSession(this.sessionKey(tgtId), now, this.graceMs)
      if (state === 1) {
        await this.redis.zadd(this.dueKey, 'XX', now + Number(detail), tgtId)
        return
      }
      await this.redis.zrem(this.dueKey, tgtId)
      const ended = state === 2 ? await this.ended(tgtId, detail) : undefined
      if (ended !== undefined) for (const listener of this.expiryListeners) listener(ended)
    }))
  }

  /**
   * Stores a ticket and records it in its session: SET with its TTL, and the session's entry
   * (replacing the one that starts with `replaces`, if any). False when the session's per-minute
   * limit refused it: then nothing was written.
   */
  private async addTicket (key: string, value: string, ttlSeconds: number, tgtId: string, entry: string, replaces: string, singleLogout: boolean, perMinute: number): Promise<boolean> {
    const session = this.sessionKey(tgtId)
    const counter = this.counterKey(tgtId)
    // A single-logout session is due for a look at once (a score no later than its end): the
    // sweeper reschedules it to its real end.
    const now = Date.now()
    if (!this.redis.isCluster) {
      return await this.redis.sesameAddTicket(key, session, this.dueKey, counter, value, ttlSeconds, entry, this.graceMs, singleLogout ? '1' : '0', now, tgtId, replaces, perMinute) === 1
    }
    // Several slots in a Cluster: the session's part first (it may refuse), then the ticket and
    // the due set side by side (not a pipeline: an ioredis Cluster pipeline refuses keys that
    // live on different nodes).
    if (await this.redis.sesameAddToSession(session, counter, entry, this.graceMs, replaces, perMinute) === -1) return false
    await Promise.all([
      this.redis.set(key, value, 'EX', ttlSeconds),
      singleLogout ? this.redis.zadd(this.dueKey, 'NX', now, tgtId) : undefined
    ])
    return true
  }

  async addServiceTicket (ticket: ServiceTicket, ttlSeconds: number, perMinute?: number): Promise<boolean> {
    const { id, tgtId, ...rest } = ticket
    // The session id first: the consuming script reads it without decoding the JSON.
    const stored = { tgtId, ...rest }
    const replaces = `s|${ticket.serviceKey}|`
    return await this.addTicket(this.serviceTicketKey(id), JSON.stringify(stored), ttlSeconds, ticket.tgtId, `${replaces}${id}|${ticket.service}`, replaces, ticket.singleLogout === true, perMinute ?? 0)
  }

  /** Whether the session of a ticket read is alive: a ticket outlives its session by its own TTL at most. */
  private async sessionAlive (tgtId: string): Promise<boolean> {
    return await this.redis.sesameSessionAlive(this.sessionKey(tgtId), Date.now(), this.graceMs) === 1
  }

  /**
   * GETDEL, then the session's check. Outside a Cluster both are one script (one round trip: a
   * validation is then a single command, BENCHMARKS.md); in a Cluster the session lives in
   * another slot, so they are two commands.
   */
  async consumeServiceTicket (ticketId: string): Promise<ServiceTicket | undefined> {
    if (!this.redis.isCluster) {
      const v = await this.redis.sesameConsumeTicket(this.serviceTicketKey(ticketId), this.prefix, Date.now(), this.graceMs)
      return v === null ? undefined : this.parseTicket(ticketId, v)
    }
    const v = await this.redis.getdel(this.serviceTicketKey(ticketId))
    if (v === null) return undefined
    const ticket = this.parseTicket(ticketId, v)
    return await this.sessionAlive(ticket.tgtId) ? ticket : undefined
  }

  private parseTicket (ticketId: string, v: string): ServiceTicket {
    return { id: ticketId, ...JSON.parse(v) as Omit<ServiceTicket, 'id'> }
  }

  async addProxyGrantingTicket (pgt: ProxyGrantingTicket, ttlSeconds: number): Promise<void> {
    const { id, ...stored } = pgt
    await this.addTicket(this.pgtKey(id), JSON.stringify(stored), ttlSeconds, pgt.tgtId, `p|${id}`, '', false, 0)
  }

  async getProxyGrantingTicket (pgtId: string): Promise<ProxyGrantingTicket | undefined> {
    const v = await this.redis.get(this.pgtKey(pgtId))
    if (v === null) return undefined
    const pgt = { id: pgtId, ...JSON.parse(v) as Omit<ProxyGrantingTicket, 'id'> }
    return await this.sessionAlive(pgt.tgtId) ? pgt : undefined
  }

  async claimOnce (key: string, ttlSeconds: number): Promise<boolean> {
    return (await this.redis.set(`${this.prefix}once:${key}`, '1', 'EX', ttlSeconds, 'NX')) === 'OK'
  }

  async close (): Promise<void> {
    clearInterval(this.timer)
  }
}
