import { ProtocolError } from '../errors/ProtocolError.js'
import type { ServiceMatch, ServiceRegistry } from '../services/ServiceRegistry.js'

/** The registered service a `service` parameter names; an unregistered one is refused, never redirected to. */
export function resolveService (registry: ServiceRegistry, raw: string): ServiceMatch {
  const match = registry.match(raw)
  if (match === undefined) throw new ProtocolError('unknownService', 'service not registered')
  return match
}
