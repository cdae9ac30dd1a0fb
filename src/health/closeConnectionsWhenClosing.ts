import type { FastifyInstance, FastifyReply } from 'fastify'

/** Adds `Connection: close` to an answer once the app is closing; called from the one onSend hook. */
export type CloseWhenClosing = (reply: FastifyReply) => void

/**
 * Once the app starts closing (SIGTERM), every answer carries `Connection: close`. Requests in
 * flight finish normally, but their keep-alive connections end with them instead of holding the
 * process open until the keep-alive timeout (72 s in Fastify), so a drain takes as long as the
 * slowest request, and the load balancer opens its next connection on another node.
 *
 * The header is added by the app's one onSend hook (securityHeaders), which calls the function
 * returned here: an onSend hook of its own cost every request a hook call (BENCHMARKS.md).
 */
export function closeConnectionsWhenClosing (app: FastifyInstance): CloseWhenClosing {
  let closing = false
  app.addHook('preClose', async () => { closing = true })
  return (reply) => { if (closing) reply.header('connection', 'close') }
}
