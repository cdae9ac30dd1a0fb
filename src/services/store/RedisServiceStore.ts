import type { Cluster, Redis } from 'ioredis'
import { parseStoredService } from './parseStoredServices.js'
import type { ServiceStore, StoredService } from './ServiceStore.js'

/**
 * Console services in Redis: one hash (id → JSON) and a version counter, under one hash tag so
 * that a Cluster keeps both in one slot and MULTI changes them together. Durable data: the same
 * persistence as the PRONOTE links.
 */
export class RedisServiceStore implements ServiceStore {
  private readonly hash: string
  private readonly counter: string

  constructor (private readonly redis: Redis | Cluster, prefix = 'sesame:') {
    this.hash = `${prefix}{console-services}:all`
    this.counter = `${prefix}{console-services}:version`
  }

  async list (): Promise<StoredService[]> {
    const all = await this.redis.hgetall(this.hash)
    return Object.keys(all).sort().map((id) => parseStoredService(JSON.parse(all[id] as string), `Redis ${this.hash}[${id}]`))
  }

  async put (service: StoredService): Promise<void> {
    await this.redis.multi().hset(this.hash, service.definition.id, JSON.stringify(service)).incr(this.counter).exec()
  }

  async remove (id: string): Promise<boolean> {
    const result = await this.redis.multi().hdel(this.hash, id).incr(this.counter).exec()
    return result?.[0]?.[1] === 1
  }

  async version (): Promise<string> {
    return (await this.redis.get(this.counter)) ?? '0'
  }

  async close (): Promise<void> {}
}
