import type { Config } from '../config/Config.js'
import type { Directory } from '../directory/Directory.js'
import type { LinkStore } from '../pronote/LinkStore.js'
import type { ServiceRegistry } from '../services/ServiceRegistry.js'
import type { ServiceStore } from '../services/store/ServiceStore.js'
import type { DraftStore } from '../console/drafts/DraftStore.js'
import type { AttemptStore } from '../throttle/AttemptStore.js'
import type { TicketStore } from '../tickets/TicketStore.js'

/** What the protocol functions work with: the backends, the registry and the settings. */
export interface CasContext {
  config: Config
  tickets: TicketStore
  links: LinkStore
  /** Failed sign-ins, for brute-force throttling. */
  attempts: AttemptStore
  registry: ServiceRegistry
  /** Services made in the admin console, layered on the registry; none where no store is given. */
  serviceStore?: ServiceStore
  /** Drafts of the console's import wizard, kept where tickets are kept; in this process when absent. */
  drafts?: DraftStore
  directories: readonly Directory[]
}
