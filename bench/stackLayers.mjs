// Sésame's per-request stack rebuilt layer by layer over a bare Fastify route, to price each
// piece (`npm run bench -- --layers`). LAYERS=n keeps the first n layers; the route answers as
// /health does. Usage: PORT=… LAYERS=0…6 [LOG_LEVEL=info] node bench/stackLayers.mjs
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
  '+ security headers (onSend)',
  '+ Connection: close while closing (onSend)',
  '+ request metrics (onResponse histogram)'
]

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.env.LAYERS)
  const app = Fastify(n >= 1 ? { loggerInstance: pino(loggerOptions(process.env.LOG_LEVEL ?? 'info')), logController: new AccessLog() } : { logger: false })
  if (n >= 1) app.decorateRequest('auditRecord', null)
  if (n >= 2) await app.register(cookie)
  if (n >= 3) await app.register(formbody)
  if (n >= 4) securityHeaders(app, false)
  if (n >= 5) closeConnectionsWhenClosing(app)
  if (n >= 6) instrumentRequests(app, new Metrics())
  app.get('/', async (_request, reply) => await reply.headers({ 'cache-control': 'no-store' }).send({ status: 'ok' }))
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
}
