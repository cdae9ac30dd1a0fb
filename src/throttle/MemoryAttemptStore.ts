import type { AttemptStore } from './AttemptStore.js'

export interface MemoryAttemptStoreOptions {
  /** Most counters held at once (each about 150 bytes); 100 000 by default. */
  maxKeys?: number
  /** The clock, in ms (tests). */
  now?: () => number
}

/**
 * Failure counters of one process, for the embedded mode. Bounded, as fastify-rate-limit's
 * LocalStore is: an attack with many addresses and logins must not grow memory without end.
 *
 * The Map keeps counters in the order their windows started. When it is full, expired counters are
 * swept, then the oldest window goes: the one that would have ended first, so the eviction an
 * attacker can force by making keys costs the least protection. Hits do not move a counter (no
 * LRU), so hammering a key cannot keep it while it pushes another person's count out.
 */
export class MemoryAttemptStore implements AttemptStore {
  private readonly counters = new Map<string, { count: number, expiresAt: number }>()
  private readonly timer: NodeJS.Timeout
  private readonly maxKeys: number
  private readonly now: () => number

  constructor (options: MemoryAttemptStoreOptions = {}) {
    this.maxKeys = options.maxKeys ?? 100_000
    this.now = options.now ?? Date.now
    // Sweep so that expired counters do not wait for the store to fill up to be freed.
    this.timer = setInterval(() => { this.sweep() }, 60_000)
    this.timer.unref()
  }

  /** How many counters are held (tests, metrics). */
  get size (): number {
    return this.counters.size
  }

  private sweep (): void {
    const now = this.now()
    for (const [k, c] of this.counters) if (c.expiresAt <= now) this.counters.delete(k)
  }

  private makeRoom (): void {
    if (this.counters.size < this.maxKeys) return
    this.sweep()
    for (const k of this.counters.keys()) {
      if (this.counters.size < this.maxKeys) break
      this.counters.delete(k)
    }
  }

  async hit (key: string, windowSeconds: number): Promise<number> {
    const now = this.now()
    const c = this.counters.get(key)
    if (c === undefined || c.expiresAt <= now) {
      // A new window goes to the end of the order, as the newest.
      this.counters.delete(key)
      this.makeRoom()
      this.counters.set(key, { count: 1, expiresAt: now + windowSeconds * 1000 })
      return 1
    }
    c.count++
    return c.count
  }

  async counts (keys: readonly string[]): Promise<number[]> {
    const now = this.now()
    return keys.map((k) => {
      const c = this.counters.get(k)
      return c === undefined || c.expiresAt <= now ? 0 : c.count
    })
  }

  async reset (key: string): Promise<void> {
    this.counters.delete(key)
  }

  async release (key: string): Promise<void> {
    const c = this.counters.get(key)
    if (c === undefined) return
    c.count--
    if (c.count <= 0) this.counters.delete(key)
  }

  async close (): Promise<void> {
    clearInterval(this.timer)
  }
}
