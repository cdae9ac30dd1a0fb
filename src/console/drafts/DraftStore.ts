/**
 * Where the import wizard keeps its drafts between pages: where tickets are kept (Redis, or this
 * process), so a draft survives a reload and works behind several nodes, and expires by itself.
 * One contract suite for MemoryDraftStore and RedisDraftStore.
 */
export interface DraftStore {
  /** Stores (or replaces) a draft for ttlSeconds. */
  save (id: string, draft: string, ttlSeconds: number): Promise<void>
  load (id: string): Promise<string | undefined>
  delete (id: string): Promise<void>
  /**
   * Takes an establishment's import lock for `owner` (a draft id) unless someone else holds it;
   * answers the holder: `owner` when taken or already held, another draft's id otherwise.
   */
  lock (uai: string, owner: string, ttlSeconds: number): Promise<string>
  /** Releases the lock if `owner` holds it. */
  unlock (uai: string, owner: string): Promise<void>
  close (): Promise<void>
}
