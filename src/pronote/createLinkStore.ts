import type { Cluster, Redis } from 'ioredis'
import type { Config } from '../config/Config.js'
import { createRedisClient } from '../config/createRedisClient.js'
import { FileLinkStore } from './FileLinkStore.js'
import type { LinkStore } from './LinkStore.js'
import { RedisLinkStore } from './RedisLinkStore.js'

/**
 * The link store the configuration asks for: Redis when REDIS_URL (or Sentinel, or Cluster) is
 * set, else `DATA_DIR/pronote-links.json`. The server passes its own Redis client, which the store
 * then leaves open on close(); without one (the import command), the store makes and owns one.
 */
export async function createLinkStore (config: Pick<Config, 'redis' | 'dataDir'> & Partial<Pick<Config, 'redisSecurity'>>, redis?: Redis | Cluster): Promise<LinkStore> {
  if (config.redis === undefined) return await FileLinkStore.open(config.dataDir)
  if (redis !== undefined) return new RedisLinkStore(redis)
  return new RedisLinkStore(createRedisClient(config.redis, config.redisSecurity), true)
}
