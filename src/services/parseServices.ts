import { compileConfigSchema } from '../config/jsonSchema/compileConfigSchema.js'
import { placeName } from '../config/jsonSchema/placeName.js'
import { ConfigError } from '../errors/ConfigError.js'
import { compileServicePattern, type ServiceMatcher } from './compileServicePattern.js'
import { literalPatternHost } from './literalPatternHost.js'
import { normalizeServiceUrl } from './normalizeServiceUrl.js'
import { pronoteBaseOf } from './pronoteBaseOf.js'
import { pronotePattern } from './pronotePreset.js'
import type { RegisteredService } from './RegisteredService.js'
import { servicesFileSchema } from './serviceEntrySchema.js'

const checkServicesFile = compileConfigSchema(servicesFileSchema, { entriesBy: 'id' })
type ServiceEntry = ReturnType<typeof checkServicesFile>[number]
type At = (...keys: Array<string | number>) => string

function pattern (v: string, at: string): ServiceMatcher {
  try { return compileServicePattern(v) } catch (err) { throw new ConfigError(`${at}: ${(err as Error).message}`) }
}

/** A tile's link must be a URL this very service accepts, or following it would end on "Application inconnue". */
function launchUrlOf (v: string | undefined, matches: ServiceMatcher, at: string): string | undefined {
  if (v === undefined) return undefined
  const url = normalizeServiceUrl(v)
  if (url === undefined) throw new ConfigError(`${at}: URL http(s) attendue`)
  if (!matches(url.url)) throw new ConfigError(`${at}: ${v} ne correspond pas au motif du service`)
  return url.url
}

/** The rules between keys, and the compiled patterns: what the schema cannot say. */
function compile (e: ServiceEntry, at: At): RegisteredService {
  // The PRONOTE preset: the base URL alone gives the pattern and the PRONOTE attribute release.
  let serviceId = e.serviceId
  if (e.pronoteUrl !== undefined) {
    if (serviceId !== undefined) throw new ConfigError(`${at()}: pronoteUrl et serviceId s'excluent (le motif est déduit de pronoteUrl)`)
    serviceId = pronotePattern(e.pronoteUrl, at('pronoteUrl'))
  }
  if (serviceId === undefined) throw new ConfigError(`${at('serviceId')}: motif d'URL obligatoire (ou pronoteUrl pour un PRONOTE)`)
  const matches = pattern(serviceId, at('serviceId'))
  const proxyCallback = e.proxy === undefined ? undefined : pattern(e.proxy.callbackPattern, at('proxy', 'callbackPattern'))
  const attributeRelease = e.attributeRelease ?? (e.pronoteUrl !== undefined ? 'pronote' : 'none')
  const pronoteBase = attributeRelease === 'pronote' ? pronoteBaseOf(serviceId) : undefined
  const launchUrl = launchUrlOf(e.launchUrl, matches, at('launchUrl'))
  // On the portal by default when a tile can be drawn: a PRONOTE base URL or a launchUrl.
  const portal = e.portal ?? (pronoteBase !== undefined || launchUrl !== undefined)
  if (portal && pronoteBase === undefined && launchUrl === undefined) {
    throw new ConfigError(`${at('launchUrl')}: obligatoire pour figurer sur le portail (ou "portal": false)`)
  }
  return {
    id: e.id,
    name: e.name.trim(),
    serviceId,
    matches,
    uai: e.uai?.toUpperCase(),
    access: e.access,
    attributeRelease,
    pronoteIdAttribute: e.pronoteIdAttribute,
    userAttribute: e.userAttribute,
    attributeStyle: e.attributeStyle,
    singleLogout: e.singleLogout,
    proxyCallback,
    proxyCallbackHost: e.proxy === undefined ? undefined : literalPatternHost(e.proxy.callbackPattern),
    evaluationOrder: e.evaluationOrder,
    group: e.group?.trim() ?? (pronoteBase !== undefined ? 'Scolarité' : 'Applications'),
    description: e.description?.trim(),
    launchUrl,
    pronoteBase,
    portal,
    demo: e.demo
  }
}

/**
 * Checks a services.json document against its schema (serviceEntrySchema.ts), then what a schema
 * cannot say; `source` names it in errors. Sorted by evaluationOrder, stable.
 */
export function parseServices (data: unknown, source: string): RegisteredService[] {
  const entries = checkServicesFile(data, source)
  const services = entries.map((e, i) => compile(e, (...keys) => placeName(`${source}[${i}]`, e, 'id', keys)))
  const first = new Map<string, number>()
  for (const [i, s] of services.entries()) {
    const before = first.get(s.id)
    if (before !== undefined) throw new ConfigError(`${source}[${i}].id: identifiant de service en double "${s.id}" (déjà pris par ${source}[${before}])`)
    first.set(s.id, i)
  }
  return services.map((s, i) => ({ s, i })).sort((a, b) => a.s.evaluationOrder - b.s.evaluationOrder || a.i - b.i).map(({ s }) => s)
}
