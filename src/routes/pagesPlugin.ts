import type { FastifyInstance } from 'fastify'
import { loginRoutes } from './login.js'
import { logoutRoutes, type LogoutOptions } from './logout.js'
import { pageErrorHandler } from './pageErrorHandler.js'
import { portalRoutes } from './portal.js'
import { staticRoutes } from './staticRoutes.js'

/**
 * What a browser reads: /login, /logout, the portal at / and /static/. Their refusals are
 * thrown and rendered here as French pages by one error handler, which encapsulation keeps to
 * these routes. Register it with `app.register`, without fastify-plugin: the encapsulation is
 * the point. A new page is one route file plus one line below.
 */
export async function pagesPlugin (app: FastifyInstance, options: LogoutOptions): Promise<void> {
  app.setErrorHandler(pageErrorHandler(app.cas.config.basePath))
  await app.register(staticRoutes)
  await loginRoutes(app, app.cas, options)
  await app.register(portalRoutes)
  await app.register(logoutRoutes, options)
}
