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
    // Operations endpoints (/health, /ready, /metrics) say so in their route config.
    if (request.routeOptions.config.metrics === false) return
    const route = request.routeOptions.url ?? 'unmatched'
    const status = String(reply.statusCode)
    const key = `${request.method} ${status} ${route}`
    let timer = timers.get(key)
    if (timer === undefined) {
      timer = metrics.requestDuration.labels(request.method, route, status)
      timers.set(key, timer)
    }
    timer.observe(reply.elapsedTime / 1000)
    if (reply.statusCode === 503) metrics.unavailable.inc()
  })
}
