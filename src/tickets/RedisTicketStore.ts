import type { Cluster, Redis, Result } from 'ioredis'
import type { ProxyGrantingTicket, ServiceTicket, SessionService, TicketGrantingTicket } from './Ticket.js'
import type { EndedSession, TicketStore } from './TicketStore.js'

// One key per session: a list whose first element is "expiresAt|idleMs|<session JSON>" (so that
// Lua can compute the next lifetime without decoding JSON), followed by one entry per ticket
// issued in the session. A small list is one compact listpack: one key costs Redis far less than
// a string plus a second key for the index (BENCHMARKS.md), and adding a ticket stays O(1).
const CREATE_SESSION = `
redis.call('DEL', KEYS[1])
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`

const USE_SESSION = `
local v = redis.call('LINDEX', KEYS[1], 0)
if not v then return false end
local x, i = string.match(v, '^(%d+)|(%d+)|')
local ttl = math.min(tonumber(i), tonumber(x) - tonumber(ARGV[1]))
if ttl <= 0 then
  redis.call('DEL', KEYS[1])
  return false
end
redis.call('PEXPIRE', KEYS[1], ttl)
return v`

// Only a live session gets the entry: RPUSH on a missing key would create one that never expires.
const ADD_TO_SESSION = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
return redis.call('RPUSH', KEYS[1], ARGV[1])`

// A ticket and its entry in the session, in one command where both keys may be touched by one
// script (not in a Cluster, where they live in different slots).
const ADD_TICKET = `
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('RPUSH', KEYS[2], ARGV[3]) end
return 1`

const END_SESSION = `
local l = redis.call('LRANGE', KEYS[1], 0, -1)
redis.call('DEL', KEYS[1])
return l`

declare module 'ioredis' {
  interface RedisCommander<Context> {
    sesameCreateSession (session: string, value: string, ttlMs: number): Result<number, Context>
    sesameUseSession (session: string, now: number): Result<string | null, Context>
    sesameAddToSession (session: string, entry: string): Result<number, Context>
    sesameEndSession (session: string): Result<string[], Context>
    sesameAddTicket (ticket: string, session: string, value: string, ttlSeconds: number, entry: string): Result<number, Context>
  }
}

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

/**
 * Tickets in Redis. A session is one list key under the hash tag {TGT-…}; service tickets are single
 * keys consumed by GETDEL; a ticket's id is known from its key, so values do not repeat it. The
 * client is the caller's: close() does not quit it.
 */
export class RedisTicketStore implements TicketStore {
  private readonly redis: Client
  private readonly prefix: string

  constructor (redis: Redis | Cluster, prefix = 'sesame:') {
    redis.defineCommand('sesameCreateSession', { numberOfKeys: 1, lua: CREATE_SESSION })
    redis.defineCommand('sesameUseSession', { numberOfKeys: 1, lua: USE_SESSION })
    redis.defineCommand('sesameAddToSession', { numberOfKeys: 1, lua: ADD_TO_SESSION })
    redis.defineCommand('sesameEndSession', { numberOfKeys: 1, lua: END_SESSION })
    redis.defineCommand('sesameAddTicket', { numberOfKeys: 2, lua: ADD_TICKET })
    this.redis = redis
    this.prefix = prefix
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
    await this.redis.sesameCreateSession(this.sessionKey(tgt.id), `${expiresAt}|${idleMs}|${JSON.stringify(stored)}`, ttl)
  }

  async useSession (tgtId: string, now = Date.now()): Promise<TicketGrantingTicket | undefined> {
    const v = await this.redis.sesameUseSession(this.sessionKey(tgtId), now)
    return v === null ? undefined : parseSession(tgtId, v)
  }

  async endSession (tgtId: string): Promise<EndedSession | undefined> {
    const [v, ...rest] = await this.redis.sesameEndSession(this.sessionKey(tgtId))
    if (v === undefined) return undefined
    const entries = rest.map((e) => JSON.parse(e) as IndexEntry)
    // One command per ticket: in a Cluster their keys live in different slots, and an ioredis
    // pipeline must stay on one node. Sent together, they still share the round trips.
    await Promise.all(entries.map(async ([id, serviceKey]) => await this.redis.unlink(serviceKey === undefined ? this.pgtKey(id) : this.serviceTicketKey(id))))
    const services: SessionService[] = entries.filter((e) => e[1] !== undefined)
      .map(([ticketId, serviceKey, service]) => ({ ticketId, serviceKey: serviceKey as string, service: service as string }))
    return { tgt: parseSession(tgtId, v), services }
  }

  /** Stores a ticket and records it in its session: SET with its TTL, and the session's entry. */
  private async addTicket (key: string, value: string, ttlSeconds: number, tgtId: string, entry: IndexEntry): Promise<void> {
    const session = this.sessionKey(tgtId)
    const indexed = JSON.stringify(entry)
    if (!this.redis.isCluster) {
      await this.redis.sesameAddTicket(key, session, value, ttlSeconds, indexed)
      return
    }
    // Two slots in a Cluster, so two commands sent side by side (not a pipeline: an ioredis
    // Cluster pipeline refuses keys that live on different nodes).
    await Promise.all([
      this.redis.set(key, value, 'EX', ttlSeconds),
      this.redis.sesameAddToSession(session, indexed)
    ])
  }

  async addServiceTicket (ticket: ServiceTicket, ttlSeconds: number): Promise<void> {
    const { id, ...stored } = ticket
    await this.addTicket(this.serviceTicketKey(id), JSON.stringify(stored), ttlSeconds, ticket.tgtId, [id, ticket.serviceKey, ticket.service])
  }

  async consumeServiceTicket (ticketId: string): Promise<ServiceTicket | undefined> {
    const v = await this.redis.getdel(this.serviceTicketKey(ticketId))
    return v === null ? undefined : { id: ticketId, ...JSON.parse(v) as Omit<ServiceTicket, 'id'> }
  }

  async addProxyGrantingTicket (pgt: ProxyGrantingTicket, ttlSeconds: number): Promise<void> {
    const { id, ...stored } = pgt
    await this.addTicket(this.pgtKey(id), JSON.stringify(stored), ttlSeconds, pgt.tgtId, [id])
  }

  async getProxyGrantingTicket (pgtId: string): Promise<ProxyGrantingTicket | undefined> {
    const v = await this.redis.get(this.pgtKey(pgtId))
    return v === null ? undefined : { id: pgtId, ...JSON.parse(v) as Omit<ProxyGrantingTicket, 'id'> }
  }

  async claimOnce (key: string, ttlSeconds: number): Promise<boolean> {
    return (await this.redis.set(`${this.prefix}once:${key}`, '1', 'EX', ttlSeconds, 'NX')) === 'OK'
  }

  async close (): Promise<void> {}
}
