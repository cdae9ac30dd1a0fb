// Redis answers these while it cannot serve: a cluster without a majority, a server still
// loading its data, a replica that lost its master, a master demoted by a failover, a server
// out of memory (maxmemory) or refusing writes after a failed snapshot.
const UNAVAILABLE_REPLY = /^(CLUSTERDOWN|LOADING|MASTERDOWN|READONLY|TRYAGAIN|NOREPLICAS|OOM|MISCONF)\b/

// What ioredis rejects a command with while it has no usable connection.
const CLIENT_MESSAGES = [
  'Command timed out',
  'Connection is closed.',
  'Stream isn\'t writeable',
  'Cluster isn\'t ready',
  'Failed to refresh slots cache'
]

/**
 * Whether an error means "Redis cannot answer right now" (the request may succeed a little
 * later) rather than a bug: such an error is answered 503, not 500.
 */
export function isRedisUnavailable (err: unknown): boolean {
  if (!(err instanceof Error)) return false
  if (err.name === 'MaxRetriesPerRequestError' || err.name === 'ClusterAllFailedError') return true
  if (err.name === 'ReplyError') return UNAVAILABLE_REPLY.test(err.message)
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === 'EPIPE') return true
  return CLIENT_MESSAGES.some((m) => err.message.startsWith(m))
}
