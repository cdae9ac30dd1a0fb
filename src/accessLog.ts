import { LogController, type FastifyReply, type FastifyRequest } from 'fastify'
import { logsInfo } from './logsInfo.js'

/** Called once per request when its answer has gone, before its line is written (the request metrics). */
export type OnCompleted = (request: FastifyRequest, reply: FastifyReply) => void

/**
 * Fastify's request logging, replaced by ONE access line per request, written when the answer
 * has gone: method and redacted URL (`req`, through the logger's serializer), `res.statusCode`,
 * `responseTime`, the `reqId` of the request's logger, and the audit event the request recorded,
 * if any (`audit`, `ip` and the event's fields, see routes/audit.ts). Fastify would write two
 * lines, and the audit a third: at LOG_LEVEL=info this was the largest cost of a validation.
 *
 * `onCompleted` runs first: Fastify calls the controller for every answer, so the request metrics
 * need no onResponse hook of their own (a hook call per request, BENCHMARKS.md).
 */
export class AccessLog extends LogController {
  constructor (private readonly onCompleted?: OnCompleted) {
    super()
  }

  // The line is written when the request has completed, so that it can carry the status and
  // what the request audited.
  override incomingRequest (): void {}

  override requestCompleted (error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    this.onCompleted?.(request, reply)
    const log = request.log
    if (!logsInfo(log)) return
    const line: Record<string, unknown> = { req: request, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime }
    const recorded = request.auditRecord
    if (recorded !== null && recorded !== undefined) Object.assign(line, recorded)
    if (error !== null && error !== undefined) {
      line.err = error
      log.error(line, 'request errored')
    } else {
      log.info(line, recorded?.audit ?? 'request completed')
    }
  }
}
