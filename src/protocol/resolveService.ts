import { PageError } from '../errors/PageError.js'
import type { ServiceMatch, ServiceRegistry } from '../services/ServiceRegistry.js'

/** The registered service a `service` parameter names; an unregistered one gets a page, never a redirect. */
export function resolveService (registry: ServiceRegistry, raw: string): ServiceMatch {
  const match = registry.match(raw)
  if (match === undefined) {
    throw new PageError('unknownService', 403, 'Application non autorisée',
      'L\'application qui vous a envoyé ici n\'est pas autorisée à utiliser ce service d\'authentification.')
  }
  return match
}
