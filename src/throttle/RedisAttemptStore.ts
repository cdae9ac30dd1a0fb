import type { Cluster, Redis, Result } from 'ioredis'
import type { AttemptStore } from './AttemptStore.js'

// INCR and the window's expiry in one step: a crash between the two cannot leave a counter that
// never expires.
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n`

// DECR would create a counter without expiry on a missing key, or go below zero: both removed.
const RELEASE = `
local n = redis.call('DECR', KEYS[1])
if n <= 0 then redis.call('DEL', KEYS[1]) end
return n`

declare module 'ioredis' {
  interface RedisCommander<Context> {
    sesameHit (key: string, windowSeconds: number): Result<number, Context>
    sesameRelease (key: string): Result<number, Context>
  }
}

/** Failure counters in Redis, shared by every node. */
export class RedisAttemptStore implements AttemptStore {
  constructor (private readonly redis: Redis | Cluster, private readonly prefix = 'sesame:attempts:') {
    redis.defineCommand('sesameHit', { numberOfKeys: 1, lua: HIT })
    redis.defineCommand('sesameRelease', { numberOfKeys: 1, lua: RELEASE })
  }

  async hit (key: string, windowSeconds: number): Promise<number> {
    return await this.redis.sesameHit(this.prefix + key, windowSeconds)
  }

  async counts (keys: readonly string[]): Promise<number[]> {
    // One GET per key, sent side by side: in a Cluster the keys live in different slots, which
    // neither MGET nor an ioredis pipeline may span.
    const values = await Promise.all(keys.map(async (k) => await this.redis.get(this.prefix + k)))
    return values.map((v) => v === null ? 0 : Number(v))
  }

  async reset (key: string): Promise<void> {
    await this.redis.del(this.prefix + key)
  }

  async release (key: string): Promise<void> {
    await this.redis.sesameRelease(this.prefix + key)
  }

  async close (): Promise<void> {}
}
