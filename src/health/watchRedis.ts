import type { Cluster, Redis } from 'ioredis'

interface Log {
  warn (obj: object, msg: string): void
  info (obj: object, msg: string): void
}

/**
 * Logs a Redis outage once when it starts and once when it ends, instead of once per
 * reconnection attempt. Listening to 'error' also keeps ioredis from printing every failed
 * attempt as an unhandled error event.
 */
export function watchRedis (redis: Redis | Cluster, log: Log): void {
  let down = false
  let since = 0
  redis.on('error', (err: Error) => {
    if (down) return
    down = true
    since = Date.now()
    log.warn({ event: 'redis.down', reason: err.message }, 'Redis unreachable: sign-in and validation answer 503 until it is back')
  })
  redis.on('ready', () => {
    if (!down) return
    down = false
    log.info({ event: 'redis.up', downMs: Date.now() - since }, 'Redis reachable again')
  })
}
