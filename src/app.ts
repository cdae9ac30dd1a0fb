import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { CasContext } from './protocol/CasContext.js'
import { errorHandler } from './routes/errorHandler.js'
import { loginRoutes } from './routes/login.js'
import { logoutRoutes, type LogoutOptions } from './routes/logout.js'
import { securityHeaders } from './routes/securityHeaders.js'
import { staticRoutes } from './routes/staticRoutes.js'
import { validationRoutes } from './routes/validate.js'

export interface AppOptions extends LogoutOptions {
  logger?: FastifyServerOptions['logger']
}

/**
 * Builds Sésame on a context (config, stores, registry, directories): plugins, routes, one error
 * handler. It never listens, so tests call app.inject; closing the app closes the context.
 */
export async function buildApp (ctx: CasContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 64 * 1024,
    routerOptions: { maxParamLength: 200 },
    trustProxy: true
  })
  await app.register(cookie)
  await app.register(formbody, { bodyLimit: 16 * 1024 })
  securityHeaders(app, ctx.config.secure)
  app.setErrorHandler(errorHandler(ctx.config.basePath))
  app.setNotFoundHandler(async (_request, reply) => await reply.code(404).type('text/plain; charset=utf-8').send('Page introuvable'))

  await app.register(async (cas) => {
    await staticRoutes(cas)
    await loginRoutes(cas, ctx)
    await logoutRoutes(cas, ctx, options)
    await validationRoutes(cas, ctx)
  }, { prefix: ctx.config.basePath })

  app.addHook('onClose', async () => {
    await ctx.tickets.close()
    await ctx.links.close()
    await Promise.all(ctx.directories.map(async (d) => { await d.close() }))
  })
  return app
}
