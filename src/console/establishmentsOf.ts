import type { AdminScope } from '../admin/AdminScope.js'
import type { ServiceRegistry } from '../services/ServiceRegistry.js'

/**
 * The establishments an admin sees: their list, or, for a "*" admin, every establishment a
 * registered service names. Sorted, upper case.
 */
export function establishmentsOf (scope: AdminScope, registry: ServiceRegistry): string[] {
  if (scope !== '*') return [...scope].sort()
  const uais = new Set<string>()
  for (const s of registry.all()) if (s.uai !== undefined) uais.add(s.uai.toUpperCase())
  return [...uais].sort()
}
