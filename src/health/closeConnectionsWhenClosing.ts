import type { FastifyInstance } from 'fastify'

/**
 * Once the app starts closing (SIGTERM), every answer carries `Connection: close`. Requests in
 * flight finish normally, but their keep-alive connections end with them instead of holding the
 * process open until the keep-alive timeout (72 s in Fastify), so a drain takes as long as the
 * slowest request, and the load balancer opens its next connection on another node.
 */
export function closeConnectionsWhenClosing (app: FastifyInstance): void {
  let closing = false
  app.addHook('preClose', async () => { closing = true })
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close')
    return payload
  })
}
