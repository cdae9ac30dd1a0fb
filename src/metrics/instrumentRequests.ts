import type { FastifyInstance } from 'fastify'
import type { Histogram } from 'prom-client'
import type { Metrics } from './Metrics.js'

type Timer = ReturnType<Histogram<'method' | 'route' | 'status_code'>['labels']>

/**
 * Gives the app its metrics (app.metrics, reachable as request.server.metrics) and times every
 * answer by route pattern, never by raw URL: a URL carries tickets and service addresses, and
 * would make one series per request.
 */
export function instrumentRequests (app: FastifyInstance, metrics: Metrics): void {
  app.decorate('metrics', metrics)
  // One labelled child per (method, route, status), made once: observing through an object of
  // labels makes prom-client sort and hash them on every request (BENCHMARKS.md, --layers).
  const timers = new Map<string, Timer>()
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched'
    const status = String(reply.statusCode)
    const key = `${request.method} ${status} ${route}`
    let timer = timers.get(key)
    if (timer === undefined) {
      timer = metrics.requestDuration.labels(request.method, route, status)
      timers.set(key, timer)
    }
    timer.observe(reply.elapsedTime / 1000)
    // /ready answers 503 by design when a backend is down; only requests people made count.
    if (reply.statusCode === 503 && !request.url.includes('/ready')) metrics.unavailable.inc()
  })
}
