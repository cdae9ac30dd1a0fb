import { ReplyError } from 'ioredis'
import { MaxRetriesPerRequestError } from 'ioredis/built/errors/index.js'

// Redis's own error codes (the first word of an error reply, RESP) while it cannot serve: a
// cluster without a majority, a server still loading its data, a replica that lost its master, a
// master demoted by a failover, a server out of memory (maxmemory) or refusing writes after a
// failed snapshot.
const UNAVAILABLE_CODES = new Set(['CLUSTERDOWN', 'LOADING', 'MASTERDOWN', 'READONLY', 'TRYAGAIN', 'NOREPLICAS', 'OOM', 'MISCONF'])

// Socket errors: the connection could not be made or was lost.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH'])

// ioredis rejects these with a plain Error, no class and no code: its message is all there is.
// With the options of createRedisClient (offline queue on) these three are the ones that occur.
const PLAIN_IOREDIS_MESSAGES = ['Command timed out', 'Connection is closed.', 'None of startup nodes is available']

/** The error code of a Redis error reply: its first word (WRONGPASS, CLUSTERDOWN, ERR, …). */
export function replyCode (err: unknown): string | undefined {
  return err instanceof ReplyError ? /^[A-Z]+/.exec((err as Error).message)?.[0] : undefined
}

/**
 * Whether an error means "Redis cannot answer right now" (the request may succeed a little
 * later) rather than a bug: such an error is answered 503, not 500.
 */
export function isRedisUnavailable (err: unknown): boolean {
  if (!(err instanceof Error)) return false
  if (err instanceof MaxRetriesPerRequestError) return true
  // ioredis does not export ClusterAllFailedError's class (its module is CommonJS with a default
  // export): its name, which the class itself defines, stands for it.
  if (err.name === 'ClusterAllFailedError') return true
  if (err instanceof ReplyError) return UNAVAILABLE_CODES.has(replyCode(err) ?? '')
  const code = (err as NodeJS.ErrnoException).code
  if (code !== undefined && SOCKET_CODES.has(code)) return true
  return err.constructor === Error && PLAIN_IOREDIS_MESSAGES.includes(err.message)
}
