import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Person } from '../directory/Person.js'
import type { CasContext } from '../protocol/CasContext.js'
import { portalTiles } from '../services/portalTiles.js'
import { portalPage } from '../views/pages.js'
import { NO_STORE_HEADERS, TGC_COOKIE } from './casPaths.js'

/** "Mes services" for a signed-in person: the same page at / and at /login without a service. */
export async function sendPortal (ctx: CasContext, reply: FastifyReply, person: Person): Promise<FastifyReply> {
  const groups = portalTiles(ctx.registry.all(), person)
  return await reply.type('text/html; charset=utf-8').send(portalPage(ctx.config.basePath, person, groups))
}

/** GET /: the portal when signed in, the sign-in form otherwise. */
export async function portalRoutes (app: FastifyInstance): Promise<void> {
  const ctx = app.cas
  app.get('/', async (request, reply) => {
    reply.headers(NO_STORE_HEADERS)
    const tgc = request.cookies[TGC_COOKIE]
    const tgt = tgc === undefined ? undefined : await ctx.tickets.useSession(tgc)
    if (tgt === undefined) return await reply.redirect(`${ctx.config.basePath}/login`, 302)
    return await sendPortal(ctx, reply, tgt.person)
  })
}
