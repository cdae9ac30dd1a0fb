import type { Cluster, Redis } from 'ioredis'
import type { DraftStore } from './DraftStore.js'

// Take or refresh the lock when free or ours, in one step: two admins cannot both get it.
const LOCK = `local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  return ARGV[1]
end
return holder`
const UNLOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`

/** Drafts and import locks in Redis, each with its TTL set in the same command as its value. */
export class RedisDraftStore implements DraftStore {
  constructor (private readonly redis: Redis | Cluster, private readonly prefix = 'sesame:') {}

  async save (id: string, draft: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(`${this.prefix}import-draft:${id}`, draft, 'EX', ttlSeconds)
  }

  async load (id: string): Promise<string | undefined> {
    return (await this.redis.get(`${this.prefix}import-draft:${id}`)) ?? undefined
  }

  async delete (id: string): Promise<void> {
    await this.redis.del(`${this.prefix}import-draft:${id}`)
  }

  async lock (uai: string, owner: string, ttlSeconds: number): Promise<string> {
    return String(await this.redis.eval(LOCK, 1, `${this.prefix}import-lock:${uai}`, owner, String(ttlSeconds)))
  }

  async unlock (uai: string, owner: string): Promise<void> {
    await this.redis.eval(UNLOCK, 1, `${this.prefix}import-lock:${uai}`, owner)
  }

  async close (): Promise<void> {}
}
