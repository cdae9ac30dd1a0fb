import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client'

/** Audit events as the metrics see them: the event name and its fields (see routes/audit.ts). */
type AuditFields = Record<string, unknown>

const label = (v: unknown, fallback = 'unknown'): string => typeof v === 'string' && v !== '' ? v : fallback

/**
 * Sésame's Prometheus metrics, in a registry of their own (one per app, so that tests building
 * several apps never collide). Counters follow the audit log: every audit event passes through
 * observe(), so what the metrics count is exactly what the audit log records.
 */
export class Metrics {
  readonly registry = new Registry()
  readonly signIns = this.counter('sesame_sign_ins_total', 'Sign-ins through the login form, by directory and result (success, failure, throttled).', ['directory', 'result'] as const)

  readonly validations = this.counter('sesame_validations_total', 'Ticket validations, by endpoint and result (success, or the CAS error code).', ['endpoint', 'result'] as const)

  readonly ticketsIssued = this.counter('sesame_service_tickets_issued_total', 'Service tickets issued, by way of sign-in (form or single sign-on).', ['via'] as const)

  readonly proxyTickets = this.counter('sesame_proxy_tickets_total', 'Proxy ticket requests, by result (granted, or the CAS error code).', ['result'] as const)

  readonly logouts = this.counter('sesame_logouts_total', 'Sessions ended at /logout.')

  readonly ticketStoreErrors = this.counter('sesame_ticket_store_errors_total', 'Ticket store operations that failed (Redis unreachable, timed out…), by operation.', ['operation'] as const)

  readonly unavailable = this.counter('sesame_unavailable_responses_total', 'Requests answered 503 because a backend (Redis, a directory) could not answer.')

  readonly requestDuration = new Histogram({
    name: 'sesame_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry]
  })

  /** A counter in this app's registry; labels, when it has some, as their names. */
  private counter<L extends string = never> (name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return new Counter<L>({ name, help, labelNames, registers: [this.registry] })
  }

  /** Adds the process metrics (CPU, memory, event loop lag, GC) under sesame_; the server does, tests need not. */
  collectProcessMetrics (): void {
    collectDefaultMetrics({ register: this.registry, prefix: 'sesame_' })
  }

  /** Counts one audit event. */
  observe (event: string, fields: AuditFields): void {
    switch (event) {
      case 'login.success':
      case 'login.failure':
      case 'login.throttled':
        this.signIns.inc({ directory: label(fields.directory), result: event.slice('login.'.length) })
        break
      case 'ticket.validated':
        this.validations.inc({ endpoint: label(fields.endpoint), result: 'success' })
        break
      case 'ticket.refused':
        this.validations.inc({ endpoint: label(fields.endpoint), result: label(fields.code) })
        break
      case 'ticket.issued':
        this.ticketsIssued.inc({ via: fields.fromNewLogin === true ? 'form' : 'sso' })
        break
      case 'proxy.granted':
        this.proxyTickets.inc({ result: 'granted' })
        break
      case 'proxy.refused':
        this.proxyTickets.inc({ result: label(fields.code) })
        break
      case 'logout':
        this.logouts.inc()
        break
    }
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's metrics: buildApp decorates the root instance with them before any route exists. */
    metrics: Metrics
  }
  interface FastifyContextConfig {
    /** false: the route (an operations endpoint) is left out of the request metrics. */
    metrics?: boolean
  }
}
