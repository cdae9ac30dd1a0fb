import type { FastifyInstance } from 'fastify'
import type { Metrics } from './Metrics.js'

/**
 * Gives the app its metrics (app.metrics, reachable as request.server.metrics) and times every
 * answer by route pattern, never by raw URL: a URL carries tickets and service addresses, and
 * would make one series per request.
 */
export function instrumentRequests (app: FastifyInstance, metrics: Metrics): void {
  app.decorate('metrics', metrics)
  app.addHook('onResponse', async (request, reply) => {
    metrics.requestDuration.observe({
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status_code: String(reply.statusCode)
    }, reply.elapsedTime / 1000)
    // /ready answers 503 by design when a backend is down; only requests people made count.
    if (reply.statusCode === 503 && !request.url.includes('/ready')) metrics.unavailable.inc()
  })
}
