import type { LoggerOptions } from 'pino'
import { redactUrl } from './views/redactUrl.js'

/**
 * pino options for the server: requests are logged with tickets shortened, and no body, header
 * or cookie is ever logged (passwords travel in bodies, sessions in cookies): the request
 * serializer keeps the method, the redacted URL and the client address only.
 *
 * Redaction names its paths: a wildcard path (`*.password`) makes pino clone every object of
 * every line to look into it, which cost 4 % of a validation's CPU at LOG_LEVEL=info
 * (BENCHMARKS.md, "A cheaper request"). Named paths cost nothing on lines without those keys.
 */
export function loggerOptions (level: string): LoggerOptions {
  return {
    level,
    redact: { paths: ['password', 'err.password'], censor: '[caché]' },
    serializers: {
      req (req: { method: string, url: string, ip?: string }) {
        return { method: req.method, url: redactUrl(req.url), ip: req.ip }
      }
    }
  }
}
