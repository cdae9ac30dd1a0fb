import type { FastifyInstance } from 'fastify'
import { AUTOSUBMIT_SCRIPT, STYLESHEET } from '../views/staticAssets.js'

/** The stylesheet and the one script, cacheable for a day. */
export async function staticRoutes (app: FastifyInstance): Promise<void> {
  app.get('/static/sesame.css', async (_request, reply) =>
    await reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400').send(STYLESHEET))
  app.get('/static/autosubmit.js', async (_request, reply) =>
    await reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=86400').send(AUTOSUBMIT_SCRIPT))
}
