import type { Person } from '../directory/Person.js'
import { accessGroupsOf } from '../directory/sdet.js'
import { isAccessAllowed } from './isAccessAllowed.js'
import type { AccessGroup, RegisteredService } from './RegisteredService.js'

/** One link of the "Mes services" page. */
export interface PortalTile {
  serviceId: string
  name: string
  description: string | undefined
  /** The service URL the tile asks a ticket for, through /login?service=. */
  url: string
}

export interface PortalGroup {
  group: string
  tiles: PortalTile[]
}

// The PRONOTE space that fits each access group, and how a second tile of one server is told apart.
const SPACES: Record<AccessGroup, { page: string, label: string }> = {
  eleve: { page: 'eleve.html', label: 'Espace élèves' },
  parent: { page: 'parent.html', label: 'Espace parents' },
  enseignant: { page: 'professeur.html', label: 'Espace professeurs' },
  'non-enseignant': { page: 'viescolaire.html', label: 'Espace vie scolaire' },
  autre: { page: 'viescolaire.html', label: 'Espace vie scolaire' }
}

function tilesOf (service: RegisteredService, person: Person): PortalTile[] {
  const base = { serviceId: service.id, description: service.description }
  if (service.launchUrl !== undefined || service.pronoteBase === undefined) {
    return service.launchUrl === undefined ? [] : [{ ...base, name: service.name, url: service.launchUrl }]
  }
  // A PRONOTE server: one tile per space the person may open there (a teacher who is also a
  // parent in the same school has both), in the order of the groups.
  const pages = new Map<string, string>()
  for (const g of accessGroupsOf(person.profiles)) {
    if (!service.access.includes(g)) continue
    const space = SPACES[g]
    if (!pages.has(space.page)) pages.set(space.page, space.label)
  }
  const several = pages.size > 1
  return [...pages].map(([page, label]) => ({ ...base, name: several ? `${service.name} · ${label}` : service.name, url: `${service.pronoteBase}${page}` }))
}

/**
 * The services a person may open, for the portal: the very rule that decides tickets
 * (isAccessAllowed: profiles × establishments), so a tile never leads to "Accès refusé". A
 * PRONOTE service is bound to one establishment, so a parent with children in two schools sees
 * one tile per school. Groups and tiles keep the registry's evaluation order.
 */
export function portalTiles (services: readonly RegisteredService[], person: Person): PortalGroup[] {
  const groups = new Map<string, PortalTile[]>()
  for (const service of services) {
    if (!service.portal || !isAccessAllowed(service, person)) continue
    const tiles = tilesOf(service, person)
    if (tiles.length === 0) continue
    groups.set(service.group, [...(groups.get(service.group) ?? []), ...tiles])
  }
  return [...groups].map(([group, tiles]) => ({ group, tiles }))
}
