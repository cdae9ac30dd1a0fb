import type { Person } from '../directory/Person.js'
import { accessGroupsOf } from '../directory/sdet.js'
import type { RegisteredService } from './RegisteredService.js'

/**
 * Whether a person may get a ticket for a service: one of their profiles is in the service's
 * access groups, and the service's establishment (when it has one) is one of theirs.
 */
export function isAccessAllowed (service: RegisteredService, person: Person): boolean {
  if (service.uai !== undefined && !person.uais.includes(service.uai)) return false
  return accessGroupsOf(person.profiles).some((g) => service.access.includes(g))
}
