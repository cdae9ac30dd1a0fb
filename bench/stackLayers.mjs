// Sésame's per-request stack rebuilt layer by layer over a bare Fastify route, to price each
// piece (`npm run bench -- --layers`). LAYERS=n keeps the first n layers; the route answers as
// /health does. HELMET=1 puts @fastify/helmet, set to the same headers, in place of layer 4 (the
// hand-written headers), to compare the two in the same run.
// Usage: PORT=… LAYERS=0…5 [HELMET=1] [LOG_LEVEL=info] node bench/stackLayers.mjs
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import Fastify from 'fastify'
import { pathToFileURL } from 'node:url'
import pino from 'pino'
import { AccessLog } from '../dist/accessLog.js'
import { closeConnectionsWhenClosing } from '../dist/health/closeConnectionsWhenClosing.js'
import { loggerOptions } from '../dist/logger.js'
import { Metrics } from '../dist/metrics/Metrics.js'
import { instrumentRequests } from '../dist/metrics/instrumentRequests.js'
import { securityHeaders } from '../dist/routes/securityHeaders.js'

/** The layers, in the order buildApp adds them. */
export const LAYERS = [
  'bare Fastify route, JSON answer',
  '+ pino logger at the run\'s LOG_LEVEL: a child logger per request, one access line at info',
  '+ @fastify/cookie',
  '+ @fastify/formbody',
  '+ security headers and Connection: close while closing (one onSend hook)',
  '+ request metrics (observed from the access log)'
]

/** @fastify/helmet set to the headers of src/routes/securityHeaders.ts, and no other. */
export const HELMET_OPTIONS = {
  global: true,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], styleSrc: ["'self'"], scriptSrc: ["'self'"], imgSrc: ["'self'", 'data:'], formAction: ["'self'"], frameAncestors: ["'none'"], baseUri: ["'none'"] }
  },
  crossOriginEmbedderPolicy: false,
  crossOriginOpenerPolicy: false,
  crossOriginResourcePolicy: false,
  originAgentCluster: false,
  referrerPolicy: { policy: 'no-referrer' },
  strictTransportSecurity: false,
  xContentTypeOptions: true,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: { action: 'deny' },
  xPermittedCrossDomainPolicies: false,
  xPoweredBy: false,
  xXssProtection: false
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.env.LAYERS)
  const metrics = new Metrics()
  const app = Fastify(n >= 1
    ? { loggerInstance: pino(loggerOptions(process.env.LOG_LEVEL ?? 'info')), logController: new AccessLog(n >= 5 ? instrumentRequests(metrics) : undefined) }
    : { logger: false })
  if (n >= 1) app.decorateRequest('auditRecord', null)
  if (n >= 2) await app.register(cookie)
  if (n >= 3) await app.register(formbody)
  if (n >= 4) {
    if (process.env.HELMET === '1') {
      const { default: helmet } = await import('@fastify/helmet')
      await app.register(helmet, HELMET_OPTIONS)
      // Connection: close while closing stays a hook of its own: helmet has no place for it.
      const close = closeConnectionsWhenClosing(app)
      app.addHook('onSend', (_request, reply, payload, done) => { close(reply); done(null, payload) })
    } else {
      securityHeaders(app, false, closeConnectionsWhenClosing(app))
    }
  }
  app.get('/', async (_request, reply) => await reply.headers({ 'cache-control': 'no-store' }).send({ status: 'ok' }))
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
}
