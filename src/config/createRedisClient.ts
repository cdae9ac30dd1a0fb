import { Cluster, Redis } from 'ioredis'
import type { RedisConfig } from './Config.js'

/**
 * The Redis client the configuration asks for: one URL, a Sentinel set, or a Cluster. A command
 * fails after a bounded number of retries instead of waiting forever, so that an outage turns
 * into a clear error answer while ioredis keeps reconnecting in the background.
 */
export function createRedisClient (config: RedisConfig): Redis | Cluster {
  const common = { maxRetriesPerRequest: 2, enableOfflineQueue: true, connectTimeout: 3000 }
  switch (config.kind) {
    case 'url': return new Redis(config.url, common)
    case 'sentinel': return new Redis({ ...common, sentinels: config.sentinels, name: config.name })
    case 'cluster': return new Cluster(config.nodes, { redisOptions: common })
  }
}
