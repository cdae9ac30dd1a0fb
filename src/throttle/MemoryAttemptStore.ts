import type { AttemptStore } from './AttemptStore.js'

/** Failure counters of one process, for the embedded mode. */
export class MemoryAttemptStore implements AttemptStore {
  private readonly counters = new Map<string, { count: number, expiresAt: number }>()
  private readonly timer: NodeJS.Timeout

  constructor () {
    // Sweep so that an attack with many keys does not keep memory forever.
    this.timer = setInterval(() => {
      const now = Date.now()
      for (const [k, c] of this.counters) if (c.expiresAt <= now) this.counters.delete(k)
    }, 60_000)
    this.timer.unref()
  }

  async hit (key: string, windowSeconds: number): Promise<number> {
    const now = Date.now()
    const c = this.counters.get(key)
    if (c === undefined || c.expiresAt <= now) {
      this.counters.set(key, { count: 1, expiresAt: now + windowSeconds * 1000 })
      return 1
    }
    c.count++
    return c.count
  }

  async counts (keys: readonly string[]): Promise<number[]> {
    const now = Date.now()
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
