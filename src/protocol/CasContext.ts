import type { Config } from '../config/Config.js'
import type { Directory } from '../directory/Directory.js'
import type { LinkStore } from '../pronote/LinkStore.js'
import type { ServiceRegistry } from '../services/ServiceRegistry.js'
import type { TicketStore } from '../tickets/TicketStore.js'

/** What the protocol functions work with: the backends, the registry and the settings. */
export interface CasContext {
  config: Config
  tickets: TicketStore
  links: LinkStore
  registry: ServiceRegistry
  directories: readonly Directory[]
}
