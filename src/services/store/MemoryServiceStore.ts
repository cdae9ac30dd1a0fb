import type { ServiceStore, StoredService } from './ServiceStore.js'

/** Console services in this process only: for tests and for one node without DATA_DIR. */
export class MemoryServiceStore implements ServiceStore {
  private readonly services = new Map<string, StoredService>()
  private changes = 0

  async list (): Promise<StoredService[]> {
    return [...this.services.values()].sort((a, b) => a.definition.id < b.definition.id ? -1 : 1).map((s) => structuredClone(s))
  }

  async put (service: StoredService): Promise<void> {
    this.services.set(service.definition.id, structuredClone(service))
    this.changes++
  }

  async remove (id: string): Promise<boolean> {
    const removed = this.services.delete(id)
    if (removed) this.changes++
    return removed
  }

  async version (): Promise<string> {
    return String(this.changes)
  }

  async close (): Promise<void> {}
}
