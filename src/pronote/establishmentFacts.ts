import type { ServiceRegistry } from '../services/ServiceRegistry.js'

/**
 * What the registry tells an import about its establishment: whether a service is registered for
 * it (a UAI with no service and nobody in the directories is a typo), and the other
 * establishments, where unmatched people are looked for. One place for the command line, the
 * admin API and the console.
 */
export function establishmentFacts (registry: ServiceRegistry, uai: string): { hasService: boolean, otherUais: string[] } {
  const wanted = uai.toUpperCase()
  return {
    hasService: registry.forEstablishment(wanted) !== undefined,
    otherUais: [...new Set(registry.all().flatMap((s) => s.uai === undefined || s.uai.toUpperCase() === wanted ? [] : [s.uai.toUpperCase()]))]
  }
}
