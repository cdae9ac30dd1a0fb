import { StoredDataError } from '../../errors/StoredDataError.js'
import type { StoredService } from './ServiceStore.js'

/** Checks the shape of stored services (a file or Redis values); throws on anything else. */
export function parseStoredService (raw: unknown, where: string): StoredService {
  const s = raw as Partial<StoredService> | null
  if (typeof s !== 'object' || s === null || (s.kind !== 'pronote' && s.kind !== 'cas') ||
    typeof s.definition !== 'object' || s.definition === null || typeof s.definition.id !== 'string' ||
    typeof s.updatedBy !== 'string' || typeof s.updatedAt !== 'string') {
    throw new StoredDataError(`${where}: service enregistré illisible`)
  }
  return s as StoredService
}
