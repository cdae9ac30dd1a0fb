import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Histogram } from 'prom-client'
import type { Metrics } from './Metrics.js'

type Timer = ReturnType<Histogram<'method' | 'route' | 'status_code'>['labels']>

/**
 * What the request metrics do when an answer has gone: time it by route pattern, never by raw
 * URL (a URL carries tickets and service addresses, and would make one series per request), and
 * count the 503s. buildApp gives it to the access log, which Fastify calls for every answer: an
 * onResponse hook of its own cost every request a hook call (BENCHMARKS.md).
 */
export function instrumentRequests (metrics: Metrics): (request: FastifyRequest, reply: FastifyReply) => void {
  // One labelled child per (method, route, status), made once: observing through an object of
  // labels makes prom-client sort and hash them on every request (BENCHMARKS.md, --layers).
  const timers = new Map<string, Timer>()
  return (request, reply) => {
    // request.routeOptions builds an object on every read: read once.
    const { config } = request.routeOptions
    // Operations endpoints (/health, /ready, /metrics) say so in their route config.
    if (config.metrics === false) return
    const route = config.url ?? 'unmatched'
    const status = reply.statusCode
    const key = `${request.method} ${status} ${route}`
    let timer = timers.get(key)
    if (timer === undefined) {
      timer = metrics.requestDuration.labels(request.method, route, String(status))
      timers.set(key, timer)
    }
    timer.observe(reply.elapsedTime / 1000)
    if (status === 503) metrics.unavailable.inc()
  }
}
