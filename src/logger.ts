import type { FastifyBaseLogger } from 'fastify'
import type { Bindings, ChildLoggerOptions, LoggerOptions } from 'pino'
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

type LogMethod = (...args: unknown[]) => void
type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'
const LEVEL_VALUES: Readonly<Record<Level, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 }

/**
 * A request's logger that makes its pino child (which serialises the request id into every line it
 * writes) only when a line is written through it. Fastify makes a child per request; most requests
 * write nothing but their access line, which accessLog.ts writes from the parent with the same
 * request id (`line`): the same JSON, without a child per request (BENCHMARKS.md).
 */
export class RequestLogger {
  private made: FastifyBaseLogger | undefined

  constructor (private readonly parent: FastifyBaseLogger, private readonly bound: Bindings, private readonly options: ChildLoggerOptions) {}

  private get log (): FastifyBaseLogger {
    this.made ??= this.parent.child(this.bound, this.options)
    return this.made
  }

  private enabled (level: Level): boolean {
    const levelVal = ((this.made ?? this.parent) as { levelVal?: number }).levelVal
    return typeof levelVal !== 'number' || LEVEL_VALUES[level] >= levelVal
  }

  get level (): string { return (this.made ?? this.parent).level }
  set level (level: string) { this.log.level = level }
  get levelVal (): number | undefined { return ((this.made ?? this.parent) as { levelVal?: number }).levelVal }

  fatal (...args: unknown[]): void { if (this.enabled('fatal')) (this.log.fatal as LogMethod)(...args) }
  error (...args: unknown[]): void { if (this.enabled('error')) (this.log.error as LogMethod)(...args) }
  warn (...args: unknown[]): void { if (this.enabled('warn')) (this.log.warn as LogMethod)(...args) }
  info (...args: unknown[]): void { if (this.enabled('info')) (this.log.info as LogMethod)(...args) }
  debug (...args: unknown[]): void { if (this.enabled('debug')) (this.log.debug as LogMethod)(...args) }
  trace (...args: unknown[]): void { if (this.enabled('trace')) (this.log.trace as LogMethod)(...args) }
  silent (): void {}
  child (bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger { return this.log.child(bindings, options) }
  bindings (): Bindings { return this.made === undefined ? { ...(this.parent as { bindings?: () => Bindings }).bindings?.(), ...this.bound } : (this.made as unknown as { bindings: () => Bindings }).bindings() }

  /** A line's fields to fill, starting with the request id where `write` will not add it (no child made). */
  newLine (): Record<string, unknown> {
    return this.made === undefined ? Object.assign({}, this.bound) : {}
  }

  /** Writes a line begun with newLine: through the child if the request made one, else through the parent. */
  write (level: 'info' | 'error', line: Record<string, unknown>, msg: string): void {
    ((this.made ?? this.parent)[level] as LogMethod)(line, msg)
  }
}

/** Fastify's childLoggerFactory: a RequestLogger, or a plain child for a route with its own level or serializers. */
export function requestLogger (this: unknown, logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  if (options.level !== undefined || options.serializers !== undefined || typeof (logger as { levelVal?: unknown }).levelVal !== 'number') return logger.child(bindings, options)
  return new RequestLogger(logger, bindings, options) as unknown as FastifyBaseLogger
}
