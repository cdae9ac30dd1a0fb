import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { Cluster, Redis } from 'ioredis'
import { pino } from 'pino'
import { AccessLog } from './accessLog.js'
import { closeConnectionsWhenClosing } from './health/closeConnectionsWhenClosing.js'
import { countTicketStoreErrors } from './metrics/countTicketStoreErrors.js'
import { instrumentRequests } from './metrics/instrumentRequests.js'
import { consoleRoutes } from './console/consoleRoutes.js'
import { consoleService } from './console/consoleService.js'
import { ConsoleServiceSync } from './services/store/ConsoleServiceSync.js'
import { Metrics } from './metrics/Metrics.js'
import type { CasContext } from './protocol/CasContext.js'
import { SingleLogoutSender } from './protocol/SingleLogoutSender.js'
import adminRoutes from './routes/admin/index.js'
import { clientErrorHandler } from './routes/clientErrorHandler.js'
import { errorHandler } from './routes/errorHandler.js'
import { healthRoutes } from './routes/health.js'
import type { LogoutOptions } from './routes/logout.js'
import { pagesPlugin } from './routes/pagesPlugin.js'
import { samlValidateRoutes } from './routes/samlValidate.js'
import { securityHeaders } from './routes/securityHeaders.js'
import { validationPlugin } from './routes/validationPlugin.js'
import './routes/casDecorator.js'
import { withCasSchemas } from './routes/casSchemas.js'
import type { EndedSession } from './tickets/TicketStore.js'

export interface AppOptions extends LogoutOptions {
  /** pino options, or… */
  logger?: FastifyServerOptions['logger']
  /** …a pino instance shared with the rest of the process. */
  loggerInstance?: FastifyBaseLogger
  /** The Redis client behind the stores, if any: /ready pings it. */
  redis?: Redis | Cluster | undefined
  /** Adds process metrics (CPU, memory, event loop) to /metrics: the server does, tests need not. */
  processMetrics?: boolean
}

/**
 * TRUST_PROXY for Fastify. A hop count becomes a trust function: Fastify 5.12 fails closed on a
 * bare number (it believes no X-Forwarded-For at all), which made every client behind the load
 * balancer one address for throttling. With n, the socket's peer and the n-1 hops before it are
 * proxies; the address before them, the right-most one they did not add, is the client's.
 */
function trustProxyOption (trust: false | number | string[]): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust
}

/**
 * Builds Sésame on a context (config, stores, registry, directories): plugins, routes, one error
 * handler. It never listens, so tests call app.inject; closing the app closes the context.
 */
export async function buildApp (baseCtx: CasContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const metrics = new Metrics()
  const app = Fastify({
    // Without a logger, a silent one: Fastify calls the access log, and so the request metrics,
    // only for an app that has a logger.
    ...(options.loggerInstance !== undefined
      ? { loggerInstance: options.loggerInstance }
      : options.logger === undefined || options.logger === false ? { loggerInstance: pino({ level: 'silent' }) } : { logger: options.logger }),
    bodyLimit: 64 * 1024,
    routerOptions: { maxParamLength: 200 },
    clientErrorHandler: clientErrorHandler(baseCtx.config.basePath),
    trustProxy: trustProxyOption(baseCtx.config.trustProxy),
    // One access line per request, carrying its audit event, instead of Fastify's two lines and
    // the audit's third; the request metrics are observed from it (BENCHMARKS.md, "A cheaper request").
    logController: new AccessLog(instrumentRequests(metrics))
  })
  app.decorateRequest('auditRecord', null)
  if (options.processMetrics === true) metrics.collectProcessMetrics()
  app.decorate('metrics', metrics)
  const closing = closeConnectionsWhenClosing(app)
  const ctx: CasContext = { ...baseCtx, tickets: countTicketStoreErrors(baseCtx.tickets, metrics) }
  // Decorated once on the root, before any route: every plugin below reads app.cas.
  app.decorate('cas', ctx)
  await app.register(cookie)
  await app.register(formbody, { bodyLimit: 16 * 1024 })
  // The one onSend hook of every answer: security headers, and Connection: close while closing.
  securityHeaders(app, ctx.config.secure, closing)
  app.setErrorHandler(errorHandler(ctx.config.basePath))
  app.setNotFoundHandler(async (_request, reply) => await reply.code(404).type('text/plain; charset=utf-8').send('Page introuvable'))

  // Single logout follows every ended session, at /logout and (where the store can tell) on expiry.
  const singleLogout = new SingleLogoutSender(ctx.registry, app.log, { timeoutMs: ctx.config.sloTimeoutMs })
  const sendSingleLogout = (ended: EndedSession): void => {
    try { singleLogout.send(ended) } catch (err) { app.log.error({ err }, 'single logout not sent') }
  }
  ctx.tickets.watchExpiredSessions?.((ended) => {
    app.log.info({ event: 'session.expired', user: ended.tgt.person.uid, services: ended.services.length }, 'session expired')
    sendSingleLogout(ended)
  })
  const onSessionEnded = (ended: EndedSession): void => {
    sendSingleLogout(ended)
    options.onSessionEnded?.(ended)
  }

  // Services made in the console join the registry before the first request, then follow the store.
  const serviceSync = ctx.serviceStore === undefined ? undefined : new ConsoleServiceSync(ctx.serviceStore, ctx.registry, app.log)
  if (serviceSync !== undefined) {
    // A store that cannot answer yet (Redis down at start) must not stop the start: the file's
    // services work meanwhile, and the sync tries again every few seconds.
    await serviceSync.refresh().catch((err: unknown) => { app.log.warn({ reason: (err as Error).message }, 'console services not loaded yet') })
    serviceSync.start()
  }

  // The root's error handler answers only what reaches no plugin's: the 404 route, /health, /ready,
  // /metrics and what the console passes on. Those are failures, never refusals, so it renders
  // failure pages (4xx, 503, 500) in French, as clientErrorHandler does for what Node refuses before
  // Fastify, and never a ProtocolError: each way of answering renders those in its own plugin.
  // Each route group is a plugin of its own. None needs fastify-plugin: they share nothing but the
  // root's decorators (cas, metrics), which every child sees. The pages, the validation endpoints,
  // SAML and the two admin surfaces set their own error handler, which encapsulation keeps to themselves.
  await app.register(async (cas) => {
    // Before any route: the CAS routes take their query and body schemas from one table.
    withCasSchemas(cas)
    await cas.register(healthRoutes, { redis: options.redis })
    await cas.register(pagesPlugin, { onSessionEnded })
    await cas.register(validationPlugin)
    const { adminJwtSecret, adminJwksUrl, adminJwtAudience, adminJwtIssuer, importMaxBytes } = ctx.config
    if (adminJwtSecret !== undefined || adminJwksUrl !== undefined) {
      await cas.register(adminRoutes, {
        prefix: '/admin/api',
        linkStore: ctx.links,
        directories: [...ctx.directories],
        registry: ctx.registry,
        maxImportBytes: importMaxBytes,
        adminJwtAudience,
        ...(adminJwtIssuer !== undefined ? { adminJwtIssuer } : {}),
        ...(ctx.config.pronotePartner !== undefined ? { partner: ctx.config.pronotePartner } : {}),
        ...(adminJwtSecret !== undefined ? { adminJwtSecret } : {}),
        ...(adminJwksUrl !== undefined ? { adminJwksUrl } : {})
      })
    }
    if (ctx.config.admins !== undefined) {
      ctx.registry.setBuiltIn([consoleService(ctx.config)])
      await cas.register(consoleRoutes, { prefix: '/admin', serviceSync })
    }
    await cas.register(samlValidateRoutes)
  }, { prefix: ctx.config.basePath })

  app.addHook('onClose', async () => {
    serviceSync?.stop()
    await ctx.serviceStore?.close()
    await singleLogout.close()
    await ctx.tickets.close()
    await ctx.links.close()
    await ctx.attempts.close()
    await Promise.all(ctx.directories.map(async (d) => { await d.close() }))
  })
  return app
}
