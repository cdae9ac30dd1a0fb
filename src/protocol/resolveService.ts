import { ProtocolError } from '../errors/ProtocolError.js'
import type { RegisteredService } from '../services/RegisteredService.js'
import type { ServiceMatch, ServiceRegistry } from '../services/ServiceRegistry.js'

/** How many service URLs a registry's answers are remembered for: a school's PRONOTE spaces are a handful. */
const REMEMBERED = 1000

/**
 * The registry's answers by raw service URL, for as long as its list of services is the same
 * array: the registry swaps in a new one on every change (file reload, console services, built-in
 * clients), which starts the memo afresh. Refusals are not remembered: anyone can send new URLs.
 */
const memo = new WeakMap<ServiceRegistry, { services: readonly RegisteredService[], matches: Map<string, ServiceMatch> }>()

/**
 * The registered service a `service` parameter names; an unregistered one is refused, never
 * redirected to. Every /login normalises and matches its service URL (a URL parse and the
 * patterns, 2-3 % of an SSO request): the same URL's answer is remembered (BENCHMARKS.md).
 */
export function resolveService (registry: ServiceRegistry, raw: string): ServiceMatch {
  const services = registry.all()
  let known = memo.get(registry)
  if (known === undefined || known.services !== services) {
    known = { services, matches: new Map() }
    memo.set(registry, known)
  }
  const remembered = known.matches.get(raw)
  if (remembered !== undefined) return remembered
  const match = registry.match(raw)
  if (match === undefined) throw new ProtocolError('unknownService', 'service not registered')
  if (known.matches.size >= REMEMBERED) known.matches.delete(known.matches.keys().next().value as string)
  known.matches.set(raw, match)
  return match
}
