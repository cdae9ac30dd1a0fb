import type { ServiceMatcher } from './compileServicePattern.js'

/** "Accès population" groups of the service form (docs/pronote.md). */
export type AccessGroup = 'eleve' | 'parent' | 'enseignant' | 'non-enseignant' | 'autre'
export const ACCESS_GROUPS: readonly AccessGroup[] = ['eleve', 'parent', 'enseignant', 'non-enseignant', 'autre']

export type AttributeRelease = 'none' | 'default' | 'pronote'
export type UserAttribute = 'uid' | 'jointure'

/** One entry of services.json, checked and compiled. */
export interface RegisteredService {
  id: string
  name: string
  serviceId: string
  matches: ServiceMatcher
  /** Establishment; undefined: no restriction by establishment. */
  uai: string | undefined
  access: readonly AccessGroup[]
  attributeRelease: AttributeRelease
  pronoteIdAttribute: string
  userAttribute: UserAttribute
  attributeStyle: 'standard' | 'both'
  singleLogout: boolean
  /** Where this service may receive proxy-granting tickets; undefined: no proxying. */
  proxyCallback: ServiceMatcher | undefined
  /**
   * The host `proxy.callbackPattern` names literally, if it does: the one callback host that may
   * resolve to a loopback, link-local or private address (an intranet proxy the admin named).
   */
  proxyCallbackHost: string | undefined
  evaluationOrder: number
  /** Where the service sits on the "Mes services" page ("Scolarité", …). */
  group: string
  /** One line under the tile's name; undefined: none. */
  description: string | undefined
  /** Where a tile points; undefined for a PRONOTE service, whose tile is derived per profile. */
  launchUrl: string | undefined
  /** The PRONOTE base URL (`https://…/pronote/`) of a PRONOTE service; undefined otherwise. */
  pronoteBase: string | undefined
  /** Whether the service has a tile on the portal. */
  portal: boolean
  /** `"demo": true` in services.json: demonstration material, refused by an https or production start. */
  demo?: boolean
}
