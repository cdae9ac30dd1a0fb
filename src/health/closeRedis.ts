import type { Cluster, Redis } from 'ioredis'

/**
 * Closes a Redis client politely: QUIT lets the replies already on their way arrive; if Redis
 * does not answer within timeoutMs (it may be the reason we are stopping), the socket is dropped.
 */
export async function closeRedis (redis: Redis | Cluster, timeoutMs = 1000): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<void>((resolve) => { timer = setTimeout(resolve, timeoutMs) })
  try {
    await Promise.race([redis.quit().catch(() => {}), late])
  } finally {
    clearTimeout(timer)
    redis.disconnect()
  }
}
