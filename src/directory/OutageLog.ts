import type { FastifyBaseLogger } from 'fastify'

/**
 * Logs a directory outage once when it starts and once when it ends, rather than once per
 * refused sign-in: on a school morning an outage would otherwise flood the logs.
 */
export class OutageLog {
  private readonly down = new Set<string>()

  failed (log: FastifyBaseLogger, directoryId: string, reason: string): void {
    if (this.down.has(directoryId)) return
    this.down.add(directoryId)
    log.error({ event: 'directory.down', directory: directoryId, reason }, 'directory unavailable: sign-in answers 503 until it is back')
  }

  answered (log: FastifyBaseLogger, directoryId: string): void {
    if (this.down.delete(directoryId)) log.warn({ event: 'directory.up', directory: directoryId }, 'directory answers again')
  }
}
