import type { Cluster, Redis, Result } from 'ioredis'
import type { ProxyGrantingTicket, ServiceTicket, SessionService, TicketGrantingTicket } from './Ticket.js'
import type { EndedSession, TicketStore } from './TicketStore.js'

// A session's value starts with "expiresAt|idleMs|" so that Lua can compute its next lifetime
// without decoding JSON.
const USE_SESSION = `
local v = redis.call('GET', KEYS[1])
if not v then return false end
local x, i = string.match(v, '^(%d+)|(%d+)|')
local ttl = math.min(tonumber(i), tonumber(x) - tonumber(ARGV[1]))
if ttl <= 0 then
  redis.call('DEL', KEYS[1], KEYS[2])
  return false
end
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
return v`

// The index of a session's tickets lives exactly as long as the session.
const ADD_TO_SESSION = `
local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ttl)
return 1`

const END_SESSION = `
local v = redis.call('GET', KEYS[1])
local l = redis.call('LRANGE', KEYS[2], 0, -1)
redis.call('DEL', KEYS[1], KEYS[2])
return {v or '', l}`

declare module 'ioredis' {
  interface RedisCommander<Context> {
    sesameUseSession (tgt: string, svc: string, now: number): Result<string | null, Context>
    sesameAddToSession (tgt: string, svc: string, entry: string): Result<number, Context>
    sesameEndSession (tgt: string, svc: string): Result<[string, string[]], Context>
  }
}

type Client = Redis | Cluster

interface IndexEntry { t: string, s?: string, k?: string }

/**
 * Tickets in Redis. Keys of one session share the hash tag {TGT-…}, so the multi-key scripts stay
 * in one Cluster slot; service tickets are single keys consumed by GETDEL. The client is the
 * caller's: close() does not quit it.
 */
export class RedisTicketStore implements TicketStore {
  private readonly redis: Client
  private readonly prefix: string

  constructor (redis: Redis | Cluster, prefix = 'sesame:') {
    redis.defineCommand('sesameUseSession', { numberOfKeys: 2, lua: USE_SESSION })
    redis.defineCommand('sesameAddToSession', { numberOfKeys: 2, lua: ADD_TO_SESSION })
    redis.defineCommand('sesameEndSession', { numberOfKeys: 2, lua: END_SESSION })
    this.redis = redis
    this.prefix = prefix
  }

  private tgtKey (id: string): string { return `${this.prefix}{${id}}:tgt` }
  private svcKey (id: string): string { return `${this.prefix}{${id}}:svc` }
  private stKey (id: string): string { return `${this.prefix}st:${id}` }
  private pgtKey (id: string): string { return `${this.prefix}pgt:${id}` }

  async createSession (tgt: TicketGrantingTicket): Promise<void> {
    const ttl = Math.min(tgt.idleMs, tgt.expiresAt - Date.now())
    if (ttl <= 0) return
    await this.redis.set(this.tgtKey(tgt.id), `${tgt.expiresAt}|${tgt.idleMs}|${JSON.stringify(tgt)}`, 'PX', ttl)
  }

  async useSession (tgtId: string, now = Date.now()): Promise<TicketGrantingTicket | undefined> {
    const v = await this.redis.sesameUseSession(this.tgtKey(tgtId), this.svcKey(tgtId), now)
    if (v === null) return undefined
    return JSON.parse(v.slice(v.indexOf('|', v.indexOf('|') + 1) + 1)) as TicketGrantingTicket
  }

  async endSession (tgtId: string): Promise<EndedSession | undefined> {
    const [v, entries] = await this.redis.sesameEndSession(this.tgtKey(tgtId), this.svcKey(tgtId))
    const parsed = entries.map((e) => JSON.parse(e) as IndexEntry)
    if (parsed.length > 0) {
      const pipeline = this.redis.pipeline()
      for (const e of parsed) pipeline.unlink(e.s === undefined ? this.pgtKey(e.t) : this.stKey(e.t))
      await pipeline.exec()
    }
    if (v === '') return undefined
    const tgt = JSON.parse(v.slice(v.indexOf('|', v.indexOf('|') + 1) + 1)) as TicketGrantingTicket
    const services: SessionService[] = parsed.filter((e) => e.s !== undefined)
      .map((e) => ({ ticketId: e.t, service: e.s as string, serviceKey: e.k as string }))
    return { tgt, services }
  }

  async addServiceTicket (ticket: ServiceTicket, ttlSeconds: number): Promise<void> {
    const entry: IndexEntry = { t: ticket.id, s: ticket.service, k: ticket.serviceKey }
    // Two slots in a Cluster, so two commands; sent together in one round trip.
    const results = await this.redis.pipeline()
      .set(this.stKey(ticket.id), JSON.stringify(ticket), 'EX', ttlSeconds)
      .sesameAddToSession(this.tgtKey(ticket.tgtId), this.svcKey(ticket.tgtId), JSON.stringify(entry))
      .exec()
    const failed = results?.find(([err]: [Error | null, unknown]) => err !== null)
    if (failed !== undefined) throw failed[0] as Error
  }

  async consumeServiceTicket (ticketId: string): Promise<ServiceTicket | undefined> {
    const v = await this.redis.getdel(this.stKey(ticketId))
    return v === null ? undefined : JSON.parse(v) as ServiceTicket
  }

  async addProxyGrantingTicket (pgt: ProxyGrantingTicket, ttlSeconds: number): Promise<void> {
    const results = await this.redis.pipeline()
      .set(this.pgtKey(pgt.id), JSON.stringify(pgt), 'EX', ttlSeconds)
      .sesameAddToSession(this.tgtKey(pgt.tgtId), this.svcKey(pgt.tgtId), JSON.stringify({ t: pgt.id }))
      .exec()
    const failed = results?.find(([err]: [Error | null, unknown]) => err !== null)
    if (failed !== undefined) throw failed[0] as Error
  }

  async getProxyGrantingTicket (pgtId: string): Promise<ProxyGrantingTicket | undefined> {
    const v = await this.redis.get(this.pgtKey(pgtId))
    return v === null ? undefined : JSON.parse(v) as ProxyGrantingTicket
  }

  async claimOnce (key: string, ttlSeconds: number): Promise<boolean> {
    return (await this.redis.set(`${this.prefix}once:${key}`, '1', 'EX', ttlSeconds, 'NX')) === 'OK'
  }

  async close (): Promise<void> {}
}
