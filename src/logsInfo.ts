import type { FastifyBaseLogger } from 'fastify'

/**
 * Whether a logger writes info lines: checked before building a line, so that LOG_LEVEL=warn
 * (or no logger at all, whose logger has no level) costs nothing per request.
 */
export function logsInfo (log: FastifyBaseLogger): boolean {
  const levelVal = (log as { levelVal?: number }).levelVal
  return levelVal !== undefined && levelVal <= 30
}
