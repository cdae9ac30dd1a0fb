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
  /** Requests in flight at once, across all sessions. */
  concurrency?: number
  /** Requests waiting beyond this are dropped (and logged): a logout storm must not eat the memory. */
  maxQueued?: number
}

interface Job { url: string, ticketId: string, serviceKey: string }

/**
 * Back-channel single logout (CAS 3.0 §2.3.3): for each service ticket of an ended session whose
 * registered service has `singleLogout`, a form POST `logoutRequest=<samlp:LogoutRequest …>` to
 * the service URL. send() only queues, so a logout never waits for the services; failures are
 * logged and not retried (the spec asks for no delivery guarantee). Redirects are not followed.
 */
export class SingleLogoutSender {
  private readonly queue: Job[] = []
  private active = 0
  private closed = false
  private readonly waiters: Array<() => void> = []
  private readonly concurrency: number
  private readonly maxQueued: number

  constructor (private readonly registry: ServiceRegistry, private readonly log: SingleLogoutLogger, private readonly options: SingleLogoutOptions) {
    this.concurrency = options.concurrency ?? 10
    this.maxQueued = options.maxQueued ?? 10_000
  }

  /** Queues the logout requests of an ended session; returns how many were queued. */
  send (ended: EndedSession): number {
    if (this.closed) return 0
    let queued = 0
    for (const s of ended.services) {
      // The registry of now decides: a service whose single logout was turned off is left alone.
      if (this.registry.byKey(s.serviceKey)?.singleLogout !== true) continue
      if (this.queue.length >= this.maxQueued) {
        this.log.warn({ event: 'slo.dropped', service: s.serviceKey }, 'single logout queue full: request dropped')
        continue
      }
      this.queue.push({ url: s.service, ticketId: s.ticketId, serviceKey: s.serviceKey })
      queued++
    }
    this.pump()
    return queued
  }

  /** Resolves once nothing is queued or in flight. */
  async idle (): Promise<void> {
    if (this.active === 0 && this.queue.length === 0) return
    await new Promise<void>((resolve) => this.waiters.push(resolve))
  }

  /** Stops taking new work and waits for what is queued (each request is bounded by its timeout). */
  async close (): Promise<void> {
    this.closed = true
    await this.idle()
  }

  private pump (): void {
    while (this.active < this.concurrency) {
      const job = this.queue.shift()
      if (job === undefined) break
      this.active++
      void this.post(job).finally(() => {
        this.active--
        this.pump()
        if (this.active === 0 && this.queue.length === 0) for (const w of this.waiters.splice(0)) w()
      })
    }
  }

  private async post (job: Job): Promise<void> {
    const origin = URL.canParse(job.url) ? new URL(job.url).origin : job.url.slice(0, 64)
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
