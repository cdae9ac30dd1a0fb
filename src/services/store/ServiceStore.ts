/** A service made in the admin console: its services.json entry, and who last changed it. */
export interface StoredService {
  /** Which console form made it: "SSO PRONOTE avec CAS" or a generic CAS application. */
  kind: 'pronote' | 'cas'
  /** The entry exactly as services.json would hold it (checked by parseServices before it is stored). */
  definition: Record<string, unknown> & { id: string }
  updatedBy: string
  /** ISO 8601. */
  updatedAt: string
}

/**
 * Where the services made in the console live, on top of services.json: durable, shared by every
 * node (Redis), or DATA_DIR in embedded mode. Implementations: MemoryServiceStore,
 * FileServiceStore, RedisServiceStore; one contract suite for all.
 */
export interface ServiceStore {
  /** Every stored service, sorted by id. */
  list (): Promise<StoredService[]>
  /** Creates or replaces the service with this definition's id, in one step. */
  put (service: StoredService): Promise<void>
  /** Removes a service; false when there was none. */
  remove (id: string): Promise<boolean>
  /** Changes whenever the set changes, so that nodes poll a few bytes instead of the whole list. */
  version (): Promise<string>
  close (): Promise<void>
}
