import type { FastifyRequest } from 'fastify'

/**
 * The admin behind a request: the token's sub, which the admin plugin's onRequest hook binds to
 * the request's logger (so every audit line carries it too).
 */
export function adminOf (request: FastifyRequest): string {
  // Fastify types its logger without pino's bindings(); the logger is pino's (or abstract, in tests).
  const log = request.log as { bindings?: () => Record<string, unknown> }
  const admin = log.bindings?.().admin
  return typeof admin === 'string' ? admin : '(sans sujet)'
}
