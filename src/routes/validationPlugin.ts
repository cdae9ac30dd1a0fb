import type { FastifyInstance } from 'fastify'
import { proxyRoutes } from './proxy.js'
import { validationErrorHandler } from './validationErrorHandler.js'
import { validationRoutes } from './validate.js'

/**
 * The server-to-server CAS endpoints (ticket validation and /proxy), in a plugin of their own so
 * that their error handler — refusals as CAS answers — never reaches the pages. Register it with
 * `app.register`, without fastify-plugin: the encapsulation is the point.
 */
export async function validationPlugin (app: FastifyInstance): Promise<void> {
  app.setErrorHandler(validationErrorHandler)
  await validationRoutes(app, app.cas)
  await proxyRoutes(app, app.cas)
}
