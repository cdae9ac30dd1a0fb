import type { LoggerOptions } from 'pino'
import { redactUrl } from './views/redactUrl.js'

/**
 * pino options for the server: requests are logged with tickets shortened, and no body, header
 * or cookie is ever logged (passwords travel in bodies, sessions in cookies).
 */
export function loggerOptions (level: string): LoggerOptions {
  return {
    level,
    redact: { paths: ['password', '*.password', 'req.headers.cookie', 'req.headers.authorization'], censor: '[caché]' },
    serializers: {
      req (req: { method: string, url: string, ip?: string }) {
        return { method: req.method, url: redactUrl(req.url), ip: req.ip }
      }
    }
  }
}
