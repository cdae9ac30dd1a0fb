import type { DraftStore } from './DraftStore.js'

interface Entry { value: string, expiresAt: number }

/** Drafts in this process (embedded mode, tests). Expired entries go when read or swept; few admins import at once. */
export class MemoryDraftStore implements DraftStore {
  private readonly drafts = new Map<string, Entry>()
  private readonly locks = new Map<string, Entry>()

  constructor (private readonly now: () => number = Date.now) {}

  private live (map: Map<string, Entry>, key: string): string | undefined {
    const e = map.get(key)
    if (e === undefined) return undefined
    if (e.expiresAt <= this.now()) { map.delete(key); return undefined }
    return e.value
  }

  async save (id: string, draft: string, ttlSeconds: number): Promise<void> {
    for (const [k, e] of this.drafts) if (e.expiresAt <= this.now()) this.drafts.delete(k)
    this.drafts.set(id, { value: draft, expiresAt: this.now() + ttlSeconds * 1000 })
  }

  async load (id: string): Promise<string | undefined> { return this.live(this.drafts, id) }

  async delete (id: string): Promise<void> { this.drafts.delete(id) }

  async lock (uai: string, owner: string, ttlSeconds: number): Promise<string> {
    const holder = this.live(this.locks, uai)
    if (holder !== undefined && holder !== owner) return holder
    this.locks.set(uai, { value: owner, expiresAt: this.now() + ttlSeconds * 1000 })
    return owner
  }

  async unlock (uai: string, owner: string): Promise<void> {
    if (this.live(this.locks, uai) === owner) this.locks.delete(uai)
  }

  async close (): Promise<void> {}
}
