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
  readonly signIns = new Counter({
    name: 'sesame_sign_ins_total',
    help: 'Sign-ins through the login form, by directory and result (success, failure, throttled).',
    labelNames: ['directory', 'result'] as const,
    registers: [this.registry]
  })

  readonly validations = new Counter({
    name: 'sesame_validations_total',
    help: 'Ticket validations, by endpoint and result (success, or the CAS error code).',
    labelNames: ['endpoint', 'result'] as const,
    registers: [this.registry]
  })

  readonly ticketsIssued = new Counter({
    name: 'sesame_service_tickets_issued_total',
    help: 'Service tickets issued, by way of sign-in (form or single sign-on).',
    labelNames: ['via'] as const,
    registers: [this.registry]
  })

  readonly proxyTickets = new Counter({
    name: 'sesame_proxy_tickets_total',
    help: 'Proxy ticket requests, by result (granted, or the CAS error code).',
    labelNames: ['result'] as const,
    registers: [this.registry]
  })

  readonly logouts = new Counter({
    name: 'sesame_logouts_total',
    help: 'Sessions ended at /logout.',
    registers: [this.registry]
  })

  readonly ticketStoreErrors = new Counter({
    name: 'sesame_ticket_store_errors_total',
    help: 'Ticket store operations that failed (Redis unreachable, timed out…), by operation.',
    labelNames: ['operation'] as const,
    registers: [this.registry]
  })

  readonly unavailable = new Counter({
    name: 'sesame_unavailable_responses_total',
    help: 'Requests answered 503 because a backend (Redis, a directory) could not answer.',
    registers: [this.registry]
  })

  readonly requestDuration = new Histogram({
    name: 'sesame_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry]
  })

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
