import type { Cluster, Redis } from 'ioredis'
import type { Config } from './config/Config.js'
import { createRedisClient } from './config/createRedisClient.js'
import { loadDirectories } from './config/loadDirectories.js'
import type { LdapLogger } from './directory/ldap/LdapDirectory.js'
import { createLinkStore } from './pronote/createLinkStore.js'
import type { CasContext } from './protocol/CasContext.js'
import { readServicesFile, ServiceRegistry } from './services/ServiceRegistry.js'
import { MemoryDraftStore } from './console/drafts/MemoryDraftStore.js'
import { RedisDraftStore } from './console/drafts/RedisDraftStore.js'
import { FileServiceStore } from './services/store/FileServiceStore.js'
import { RedisServiceStore } from './services/store/RedisServiceStore.js'
import { MemoryAttemptStore } from './throttle/MemoryAttemptStore.js'
import { RedisAttemptStore } from './throttle/RedisAttemptStore.js'
import { MemoryTicketStore } from './tickets/MemoryTicketStore.js'
import { RedisTicketStore } from './tickets/RedisTicketStore.js'

export interface Runtime {
  ctx: CasContext
  redis: Redis | Cluster | undefined
}

/**
 * Builds the backends the configuration names: Redis stores when Redis is configured, the
 * embedded ones otherwise. Any bad file stops here with a ConfigError.
 */
export async function createContext (config: Config, env: Record<string, string | undefined> = process.env, log?: LdapLogger): Promise<Runtime> {
  const registry = new ServiceRegistry(await readServicesFile(config.servicesFile))
  const directories = await loadDirectories(config, env, log)
  const redis = config.redis === undefined ? undefined : createRedisClient(config.redis, config.redisSecurity)
  const tickets = redis === undefined ? new MemoryTicketStore() : new RedisTicketStore(redis)
  const links = await createLinkStore(config, redis)
  const attempts = redis === undefined ? new MemoryAttemptStore() : new RedisAttemptStore(redis)
  const serviceStore = redis === undefined ? await FileServiceStore.open(config.dataDir) : new RedisServiceStore(redis)
  const drafts = redis === undefined ? new MemoryDraftStore() : new RedisDraftStore(redis)
  return { ctx: { config, tickets, links, attempts, registry, directories, serviceStore, drafts }, redis }
}
