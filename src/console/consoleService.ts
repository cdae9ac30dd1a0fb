import type { Config } from '../config/Config.js'
import { parseServices } from '../services/parseServices.js'
import type { RegisteredService } from '../services/RegisteredService.js'

/**
 * The admin console as a service of Sésame's own registry: the console is a CAS client of its
 * own server, so admins sign in with their usual account and no second password. It gets the uid
 * as cas:user and no attribute; it is never on the portal.
 */
export function consoleService (config: Config): RegisteredService {
  const [service] = parseServices([{
    id: 'sesame-console',
    name: 'Console d\'administration Sésame',
    // Its callback only, with the page to return to in the query (an Ant pattern never takes the query).
    serviceId: `^${config.publicUrl.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/admin/connexion(?:\\?.*)?$`,
    portal: false
  }], 'console')
  return service as RegisteredService
}
