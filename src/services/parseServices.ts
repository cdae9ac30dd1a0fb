import { ConfigError } from '../errors/ConfigError.js'
import { compileServicePattern, type ServiceMatcher } from './compileServicePattern.js'
import { literalPatternHost } from './literalPatternHost.js'
import { normalizeServiceUrl } from './normalizeServiceUrl.js'
import { pronoteBaseOf } from './pronoteBaseOf.js'
import { pronotePattern } from './pronotePreset.js'
import { ACCESS_GROUPS, type AccessGroup, type AttributeRelease, type RegisteredService, type UserAttribute } from './RegisteredService.js'

const KNOWN_KEYS = new Set(['id', 'name', 'description', 'serviceId', 'pronoteUrl', 'uai', 'access', 'attributeRelease', 'pronoteIdAttribute',
  'userAttribute', 'attributeStyle', 'singleLogout', 'proxy', 'evaluationOrder', 'group', 'launchUrl', 'portal', 'demo'])

function oneOf<T extends string> (v: unknown, allowed: readonly T[], fallback: T, where: string): T {
  if (v === undefined) return fallback
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new ConfigError(`${where}: valeur ${JSON.stringify(v)} inconnue (attendu : ${allowed.join(', ')})`)
  }
  return v as T
}

function pattern (v: unknown, where: string): ReturnType<typeof compileServicePattern> {
  if (typeof v !== 'string' || v === '') throw new ConfigError(`${where}: motif d'URL obligatoire`)
  try { return compileServicePattern(v) } catch (err) { throw new ConfigError(`${where}: ${(err as Error).message}`) }
}

function optionalText (v: unknown, where: string, max: number): string | undefined {
  if (v === undefined) return undefined
  if (typeof v !== 'string' || v.trim() === '' || v.length > max) throw new ConfigError(`${where}: texte de ${max} caractères au plus attendu`)
  return v.trim()
}

/** A tile's link must be a URL this very service accepts, or following it would end on "Application inconnue". */
function launchUrlOf (v: unknown, matches: ServiceMatcher, where: string): string | undefined {
  if (v === undefined) return undefined
  const url = typeof v === 'string' ? normalizeServiceUrl(v) : undefined
  if (url === undefined) throw new ConfigError(`${where}: URL http(s) attendue`)
  if (!matches(url.url)) throw new ConfigError(`${where}: ${String(v)} ne correspond pas au motif du service`)
  return url.url
}

function parseOne (raw: unknown, where: string): RegisteredService {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(`${where}: objet attendu`)
  const e = { ...(raw as Record<string, unknown>) }
  for (const k of Object.keys(e)) if (!KNOWN_KEYS.has(k)) throw new ConfigError(`${where}.${k}: clé inconnue`)
  // The PRONOTE preset: the base URL alone gives the pattern and the PRONOTE attribute release.
  if (e.pronoteUrl !== undefined) {
    if (e.serviceId !== undefined) throw new ConfigError(`${where}: pronoteUrl et serviceId s'excluent (le motif est déduit de pronoteUrl)`)
    e.serviceId = pronotePattern(e.pronoteUrl, `${where}.pronoteUrl`)
    e.attributeRelease ??= 'pronote'
  }
  if (typeof e.id !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(e.id)) throw new ConfigError(`${where}.id: identifiant obligatoire ([A-Za-z0-9._-], 64 caractères au plus)`)
  if (typeof e.name !== 'string' || e.name.trim() === '') throw new ConfigError(`${where}.name: nom obligatoire`)
  let uai: string | undefined
  if (e.uai !== undefined) {
    if (typeof e.uai !== 'string' || !/^\d{7}[A-Za-z]$/.test(e.uai)) throw new ConfigError(`${where}.uai: UAI attendu (7 chiffres et une lettre, ex. 0340000X)`)
    uai = e.uai.toUpperCase()
  }
  let access: readonly AccessGroup[] = ACCESS_GROUPS
  if (e.access !== undefined) {
    if (!Array.isArray(e.access) || e.access.length === 0) throw new ConfigError(`${where}.access: liste non vide attendue (${ACCESS_GROUPS.join(', ')})`)
    access = e.access.map((a, i) => oneOf(a, ACCESS_GROUPS, 'autre', `${where}.access[${i}]`))
  }
  const pronoteIdAttribute = e.pronoteIdAttribute ?? 'pronoteId'
  if (typeof pronoteIdAttribute !== 'string' || !/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/.test(pronoteIdAttribute)) {
    throw new ConfigError(`${where}.pronoteIdAttribute: nom d'attribut XML attendu`)
  }
  if (e.singleLogout !== undefined && typeof e.singleLogout !== 'boolean') throw new ConfigError(`${where}.singleLogout: true ou false attendu`)
  if (e.demo !== undefined && typeof e.demo !== 'boolean') throw new ConfigError(`${where}.demo: true ou false attendu`)
  if (e.evaluationOrder !== undefined && !Number.isInteger(e.evaluationOrder)) throw new ConfigError(`${where}.evaluationOrder: entier attendu`)
  let proxyCallback
  let proxyCallbackHost
  if (e.proxy !== undefined) {
    const p = e.proxy as Record<string, unknown> | null
    if (typeof p !== 'object' || p === null) throw new ConfigError(`${where}.proxy: objet attendu`)
    proxyCallback = pattern(p.callbackPattern, `${where}.proxy.callbackPattern`)
    proxyCallbackHost = literalPatternHost(String(p.callbackPattern))
  }
  const matches = pattern(e.serviceId, `${where}.serviceId`)
  const attributeRelease = oneOf<AttributeRelease>(e.attributeRelease, ['none', 'default', 'pronote'], 'none', `${where}.attributeRelease`)
  const pronoteBase = attributeRelease === 'pronote' ? pronoteBaseOf(String(e.serviceId)) : undefined
  const launchUrl = launchUrlOf(e.launchUrl, matches, `${where}.launchUrl`)
  if (e.portal !== undefined && typeof e.portal !== 'boolean') throw new ConfigError(`${where}.portal: true ou false attendu`)
  // On the portal by default when a tile can be drawn: a PRONOTE base URL or a launchUrl.
  const portal = (e.portal as boolean | undefined) ?? (pronoteBase !== undefined || launchUrl !== undefined)
  if (portal && pronoteBase === undefined && launchUrl === undefined) {
    throw new ConfigError(`${where}.launchUrl: obligatoire pour figurer sur le portail (ou "portal": false)`)
  }
  return {
    id: e.id,
    name: e.name.trim(),
    serviceId: String(e.serviceId),
    matches,
    uai,
    access,
    attributeRelease,
    pronoteIdAttribute,
    userAttribute: oneOf<UserAttribute>(e.userAttribute, ['uid', 'jointure'], 'uid', `${where}.userAttribute`),
    attributeStyle: oneOf(e.attributeStyle, ['standard', 'both'] as const, 'standard', `${where}.attributeStyle`),
    singleLogout: e.singleLogout === true,
    proxyCallback,
    proxyCallbackHost,
    evaluationOrder: (e.evaluationOrder as number | undefined) ?? 0,
    group: optionalText(e.group, `${where}.group`, 64) ?? (pronoteBase !== undefined ? 'Scolarité' : 'Applications'),
    description: optionalText(e.description, `${where}.description`, 200),
    launchUrl,
    pronoteBase,
    portal
,
    demo: e.demo === true
  }
}

/** Checks a services.json document; `source` names it in errors. Sorted by evaluationOrder, stable. */
export function parseServices (data: unknown, source: string): RegisteredService[] {
  if (!Array.isArray(data)) throw new ConfigError(`${source}: un tableau de services est attendu`)
  const services = data.map((raw, i) => parseOne(raw, `${source}[${i}]`))
  const ids = new Set<string>()
  for (const s of services) {
    if (ids.has(s.id)) throw new ConfigError(`${source}: identifiant de service en double "${s.id}"`)
    ids.add(s.id)
  }
  return services.map((s, i) => ({ s, i })).sort((a, b) => a.s.evaluationOrder - b.s.evaluationOrder || a.i - b.i).map(({ s }) => s)
}
