import type { FastifyInstance } from 'fastify'
import { serviceRedirectUrl } from '../protocol/serviceRedirectUrl.js'
import type { EndedSession } from '../tickets/TicketStore.js'
import { loggedOutPage } from '../views/pages.js'
import { NO_STORE_HEADERS, TGC_COOKIE } from './casPaths.js'
import { endSessionOf } from './endSessionOf.js'
import { param, type Fields } from './params.js'

export interface LogoutOptions {
  /** Told of every session ended here (single logout). Must not throw or block. */
  onSessionEnded?: (ended: EndedSession) => void
}

/** GET /logout (CAS 3.0 §2.3): ends the session; redirects only to a registered service. */
export async function logoutRoutes (app: FastifyInstance, options: LogoutOptions = {}): Promise<void> {
  const ctx = app.cas
  const cookiePath = ctx.config.basePath === '' ? '/' : ctx.config.basePath
  app.get('/logout', async (request, reply) => {
    reply.headers(NO_STORE_HEADERS)
    const tgc = request.cookies[TGC_COOKIE]
    if (tgc !== undefined) {
      await endSessionOf(request, ctx, tgc, 'logout', options.onSessionEnded)
      reply.clearCookie(TGC_COOKIE, { path: cookiePath })
    }
    const service = param(request.query as Fields, 'service')
    const match = service === undefined ? undefined : ctx.registry.match(service)
    if (match !== undefined) return await reply.redirect(serviceRedirectUrl(match.url), 302)
    return await reply.type('text/html; charset=utf-8').send(loggedOutPage(ctx.config.basePath))
  })
}
