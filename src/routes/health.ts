import type { FastifyInstance } from 'fastify'
import type { Cluster, Redis } from 'ioredis'
import { CHECK_TIMEOUT_MS, checkReadiness } from '../health/checkReadiness.js'
import { NO_STORE_HEADERS } from './casPaths.js'
import { READS_NOTHING } from './params.js'

export interface HealthOptions {
  /** The Redis client behind the stores, when there is one: /ready pings it. */
  redis?: Redis | Cluster | undefined
}

/**
 * Operations endpoints: /health (the process answers: liveness), /ready (what READY_REQUIRES
 * names answers: readiness, 503 otherwise, with every backend's state as JSON) and /metrics
 * (Prometheus). None of them is counted in the request metrics (`metrics: false`): probes every
 * few seconds from each load balancer would outnumber people, and /ready's 503 is by design.
 */
export async function healthRoutes (app: FastifyInstance, options: HealthOptions): Promise<void> {
  const ctx = app.cas
  app.get('/health', { schema: READS_NOTHING, config: { metrics: false } }, async (_request, reply) => {
    return await reply.headers(NO_STORE_HEADERS).send({ status: 'ok' })
  })

  app.get('/ready', { schema: READS_NOTHING, config: { metrics: false } }, async (_request, reply) => {
    const { ready, requires, unmet, checks } = await checkReadiness(options.redis, ctx.directories, CHECK_TIMEOUT_MS, ctx.config.readyRequires)
    return await reply.headers(NO_STORE_HEADERS).code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', requires, unmet, checks })
  })

  app.get('/metrics', { schema: READS_NOTHING, config: { metrics: false } }, async (_request, reply) => {
    const { registry } = app.metrics
    return await reply.headers(NO_STORE_HEADERS).type(registry.contentType).send(await registry.metrics())
  })
}
