import type { Cluster, Redis } from 'ioredis'
import { ADD_TICKET, ADD_TO_SESSION, CREATE_SESSION, END_SESSION, EXPIRE_SESSION, USE_SESSION } from './redisTicketScripts.js'
import type { ProxyGrantingTicket, ServiceTicket, SessionService, TicketGrantingTicket } from './Ticket.js'
import type { EndedSession, TicketStore } from './TicketStore.js'

type Client = Redis | Cluster

/** What a session key holds besides its lifetime: the id is the key, the lifetime its prefix. */
type StoredSession = Omit<TicketGrantingTicket, 'id' | 'expiresAt' | 'idleMs'>

/** A ticket of the session: [ST or PT id, service key, service URL], or [PGT id]. */
type IndexEntry = [ticketId: string, serviceKey?: string, service?: string]

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
 * Tickets in Redis. A session is one list key under the hash tag {TGT-…}; service tickets are single
 * keys consumed by GETDEL; a ticket's id is known from its key, so values do not repeat it. The
 * client is the caller's: close() does not quit it.
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
    redis.defineCommand('sesameAddToSession', { numberOfKeys: 1, lua: ADD_TO_SESSION })
    redis.defineCommand('sesameEndSession', { numberOfKeys: 1, lua: END_SESSION })
    redis.defineCommand('sesameAddTicket', { numberOfKeys: 3, lua: ADD_TICKET })
    redis.defineCommand('sesameExpireSession', { numberOfKeys: 1, lua: EXPIRE_SESSION })
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

  /** A session's list once removed: its outstanding tickets are unlinked, its services returned. */
  private async ended (tgtId: string, [v, ...rest]: string[]): Promise<EndedSession | undefined> {
    if (v === undefined) return undefined
    const entries = rest.map((e) => JSON.parse(e) as IndexEntry)
    // One command per ticket: in a Cluster their keys live in different slots, and an ioredis
    // pipeline must stay on one node. Sent together, they still share the round trips.
    await Promise.all(entries.map(async ([id, serviceKey]) => await this.redis.unlink(serviceKey === undefined ? this.pgtKey(id) : this.serviceTicketKey(id))))
    const services: SessionService[] = entries.filter((e) => e[1] !== undefined)
      .map(([ticketId, serviceKey, service]) => ({ ticketId, serviceKey: serviceKey as string, service: service as string }))
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

  /** Stores a ticket and records it in its session: SET with its TTL, and the session's entry. */
  private async addTicket (key: string, value: string, ttlSeconds: number, tgtId: string, entry: IndexEntry, singleLogout: boolean): Promise<void> {
    const session = this.sessionKey(tgtId)
    const indexed = JSON.stringify(entry)
    // A single-logout session is due for a look at once (a score no later than its end): the
    // sweeper reschedules it to its real end.
    const now = Date.now()
    if (!this.redis.isCluster) {
      await this.redis.sesameAddTicket(key, session, this.dueKey, value, ttlSeconds, indexed, this.graceMs, singleLogout ? '1' : '0', now, tgtId)
      return
    }
    // Three slots in a Cluster, so commands sent side by side (not a pipeline: an ioredis
    // Cluster pipeline refuses keys that live on different nodes).
    await Promise.all([
      this.redis.set(key, value, 'EX', ttlSeconds),
      this.redis.sesameAddToSession(session, indexed, this.graceMs),
      singleLogout ? this.redis.zadd(this.dueKey, 'NX', now, tgtId) : undefined
    ])
  }

  async addServiceTicket (ticket: ServiceTicket, ttlSeconds: number): Promise<void> {
    const { id, ...stored } = ticket
    await this.addTicket(this.serviceTicketKey(id), JSON.stringify(stored), ttlSeconds, ticket.tgtId, [id, ticket.serviceKey, ticket.service], ticket.singleLogout === true)
  }

  async consumeServiceTicket (ticketId: string): Promise<ServiceTicket | undefined> {
    const v = await this.redis.getdel(this.serviceTicketKey(ticketId))
    return v === null ? undefined : { id: ticketId, ...JSON.parse(v) as Omit<ServiceTicket, 'id'> }
  }

  async addProxyGrantingTicket (pgt: ProxyGrantingTicket, ttlSeconds: number): Promise<void> {
    const { id, ...stored } = pgt
    await this.addTicket(this.pgtKey(id), JSON.stringify(stored), ttlSeconds, pgt.tgtId, [id], false)
  }

  async getProxyGrantingTicket (pgtId: string): Promise<ProxyGrantingTicket | undefined> {
    const v = await this.redis.get(this.pgtKey(pgtId))
    return v === null ? undefined : { id: pgtId, ...JSON.parse(v) as Omit<ProxyGrantingTicket, 'id'> }
  }

  async claimOnce (key: string, ttlSeconds: number): Promise<boolean> {
    return (await this.redis.set(`${this.prefix}once:${key}`, '1', 'EX', ttlSeconds, 'NX')) === 'OK'
  }

  async close (): Promise<void> {
    clearInterval(this.timer)
  }
}
