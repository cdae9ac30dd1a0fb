import type { ServiceRegistry } from '../services/ServiceRegistry.js'
import type { EndedSession } from '../tickets/TicketStore.js'
import { renderLogoutRequest } from '../views/renderLogoutRequest.js'

/** The part of a pino logger the sender uses. */
export interface SingleLogoutLogger {
  warn (obj: object, msg: string): void
  debug (obj: object, msg: string): void
}

export interface SingleLogoutOptions {
  /** How long one request may take (SLO_TIMEOUT_MS). */
  timeoutMs: number
  /** Requests in flight at once, across all sessions (10). */
  concurrency?: number
  /** Requests in flight at once to one origin (2): a slow origin never holds every slot. */
  perOriginConcurrency?: number
  /** Requests waiting beyond this are dropped (and logged): a logout storm must not eat the memory (10,000). */
  maxQueued?: number
  /** Requests waiting for one origin beyond this are dropped (and logged) (1,000). */
  maxQueuedPerOrigin?: number
}

interface Job { url: string, ticketId: string, serviceKey: string }

/** The requests waiting for one origin, and its place in the round. */
interface OriginQueue { jobs: Job[], inFlight: number, lastServed: number }

const originOf = (url: string): string => URL.canParse(url) ? new URL(url).origin : url.slice(0, 64)

/**
 * Back-channel single logout (CAS 3.0 §2.3.3): for each service of an ended session whose
 * registered service has `singleLogout`, a form POST `logoutRequest=<samlp:LogoutRequest …>` to
 * the service URL. send() only queues, so a logout never waits for the services; failures are
 * logged and not retried (the spec asks for no delivery guarantee). Redirects are not followed.
 *
 * Each origin has its own queue, served in turn (round robin: the origin served longest ago goes
 * first), with a bound on its waiting and in-flight requests: an origin that is slow, or that one
 * session flooded, delays its own requests, never another user's logout to another origin.
 */
export class SingleLogoutSender {
  private readonly origins = new Map<string, OriginQueue>()
  private queued = 0
  private active = 0
  private served = 0
  private closed = false
  private readonly waiters: Array<() => void> = []
  private readonly concurrency: number
  private readonly perOriginConcurrency: number
  private readonly maxQueued: number
  private readonly maxQueuedPerOrigin: number

  constructor (private readonly registry: ServiceRegistry, private readonly log: SingleLogoutLogger, private readonly options: SingleLogoutOptions) {
    this.concurrency = options.concurrency ?? 10
    this.perOriginConcurrency = options.perOriginConcurrency ?? 2
    this.maxQueued = options.maxQueued ?? 10_000
    this.maxQueuedPerOrigin = options.maxQueuedPerOrigin ?? 1000
  }

  /** Queues the logout requests of an ended session; returns how many were queued. */
  send (ended: EndedSession): number {
    if (this.closed) return 0
    let queued = 0
    for (const s of ended.services) {
      // The registry of now decides: a service whose single logout was turned off is left alone.
      if (this.registry.byKey(s.serviceKey)?.singleLogout !== true) continue
      const origin = originOf(s.service)
      let q = this.origins.get(origin)
      if (this.queued >= this.maxQueued || (q?.jobs.length ?? 0) >= this.maxQueuedPerOrigin) {
        this.log.warn({ event: 'slo.dropped', service: s.serviceKey, origin }, 'single logout queue full: request dropped')
        continue
      }
      if (q === undefined) {
        q = { jobs: [], inFlight: 0, lastServed: 0 }
        this.origins.set(origin, q)
      }
      q.jobs.push({ url: s.service, ticketId: s.ticketId, serviceKey: s.serviceKey })
      this.queued++
      queued++
    }
    this.pump()
    return queued
  }

  /** Resolves once nothing is queued or in flight. */
  async idle (): Promise<void> {
    if (this.active === 0 && this.queued === 0) return
    await new Promise<void>((resolve) => this.waiters.push(resolve))
  }

  /** Stops taking new work and waits for what is queued (each request is bounded by its timeout). */
  async close (): Promise<void> {
    this.closed = true
    await this.idle()
  }

  /** The origin whose turn it is: requests waiting, a free slot, and served longest ago. */
  private next (): [string, OriginQueue] | undefined {
    let pick: [string, OriginQueue] | undefined
    for (const entry of this.origins) {
      const q = entry[1]
      if (q.jobs.length === 0 || q.inFlight >= this.perOriginConcurrency) continue
      if (pick === undefined || q.lastServed < pick[1].lastServed) pick = entry
    }
    return pick
  }

  private pump (): void {
    while (this.active < this.concurrency) {
      const turn = this.next()
      if (turn === undefined) break
      const [origin, q] = turn
      const job = q.jobs.shift() as Job
      this.queued--
      q.inFlight++
      q.lastServed = ++this.served
      this.active++
      void this.post(job).finally(() => {
        this.active--
        q.inFlight--
        if (q.inFlight === 0 && q.jobs.length === 0) this.origins.delete(origin)
        this.pump()
        if (this.active === 0 && this.queued === 0) for (const w of this.waiters.splice(0)) w()
      })
    }
  }

  private async post (job: Job): Promise<void> {
    const origin = originOf(job.url)
    try {
      const res = await fetch(job.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ logoutRequest: renderLogoutRequest(job.ticketId) }).toString(),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs)
      })
      await res.body?.cancel()
      if (res.status >= 200 && res.status < 300) {
        this.log.debug({ event: 'slo.sent', service: job.serviceKey, status: res.status }, 'single logout request delivered')
      } else {
        this.log.warn({ event: 'slo.failed', service: job.serviceKey, origin, status: res.status }, 'single logout request refused by the service')
      }
    } catch (err) {
      const reason = err instanceof Error ? (err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message) : String(err)
      this.log.warn({ event: 'slo.failed', service: job.serviceKey, origin, reason }, 'single logout request failed')
    }
  }
}
