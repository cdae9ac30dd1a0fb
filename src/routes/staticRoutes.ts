import type { FastifyInstance } from 'fastify'
import { AUTOSUBMIT_SCRIPT, STYLESHEET } from '../views/staticAssets.js'
import { READS_NOTHING } from './params.js'

/** The stylesheet and the one script, cacheable for a day. */
export async function staticRoutes (app: FastifyInstance): Promise<void> {
  app.get('/static/sesame.css', { schema: READS_NOTHING }, async (_request, reply) =>
    await reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400').send(STYLESHEET))
  app.get('/static/autosubmit.js', { schema: READS_NOTHING }, async (_request, reply) =>
    await reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=86400').send(AUTOSUBMIT_SCRIPT))
}
