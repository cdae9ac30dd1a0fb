import type { FastifyInstance } from 'fastify'
import type { Cluster, Redis } from 'ioredis'
import { checkReadiness } from '../health/checkReadiness.js'
import type { Metrics } from '../metrics/Metrics.js'
import type { CasContext } from '../protocol/CasContext.js'
import { NO_STORE_HEADERS } from './casPaths.js'

export interface HealthOptions {
  /** The Redis client behind the stores, when there is one: /ready pings it. */
  redis?: Redis | Cluster | undefined
  metrics: Metrics
}

/**
 * Operations endpoints: /health (the process answers: liveness), /ready (Redis and every
 * directory answer: readiness, 503 otherwise, with the detail as JSON) and /metrics (Prometheus).
 */
export async function healthRoutes (app: FastifyInstance, ctx: CasContext, options: HealthOptions): Promise<void> {
  app.get('/health', async (_request, reply) => {
    return await reply.headers(NO_STORE_HEADERS).send({ status: 'ok' })
  })

  app.get('/ready', async (_request, reply) => {
    const { ready, checks } = await checkReadiness(options.redis, ctx.directories)
    return await reply.headers(NO_STORE_HEADERS).code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks })
  })

  app.get('/metrics', async (_request, reply) => {
    const { registry } = options.metrics
    return await reply.headers(NO_STORE_HEADERS).type(registry.contentType).send(await registry.metrics())
  })
}
