import { ConfigError } from '../errors/ConfigError.js'
import { param } from '../routes/params.js'
import { ACCESS_GROUPS, type AccessGroup, type RegisteredService } from '../services/RegisteredService.js'
import { parseServices } from '../services/parseServices.js'
import type { StoredService } from '../services/store/ServiceStore.js'

/** What the console's service form holds, as typed (strings and checkboxes). */
export interface ServiceFormValues {
  kind: 'pronote' | 'cas'
  name: string
  uai: string
  group: string
  description: string
  access: AccessGroup[]
  singleLogout: boolean
  /** SSO PRONOTE avec CAS. */
  pronoteUrl: string
  /** Generic CAS application. */
  serviceId: string
  attributeRelease: string
  launchUrl: string
  callbackPattern: string
}

export type FieldErrors = Partial<Record<keyof ServiceFormValues | 'form', string>>

/**
 * Reads a posted form; unknown values fall back to empty, and the checks below name them. Each
 * field is one value (param() refuses a repeated one) but the profiles' checkboxes.
 */
export function readServiceForm (kind: 'pronote' | 'cas', body: Record<string, unknown>): ServiceFormValues {
  const str = (name: string): string => (param(body, name) ?? '').trim()
  const raw = body.access
  const checked = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => typeof v === 'string' ? v.trim() : '')
  return {
    kind,
    name: str('name'),
    uai: str('uai').toUpperCase(),
    group: str('group'),
    description: str('description'),
    access: ACCESS_GROUPS.filter((g) => checked.includes(g)),
    singleLogout: str('singleLogout') === '1',
    pronoteUrl: str('pronoteUrl'),
    serviceId: str('serviceId'),
    attributeRelease: str('attributeRelease') === '' ? 'none' : str('attributeRelease'),
    launchUrl: str('launchUrl'),
    callbackPattern: str('callbackPattern')
  }
}

/** The form of a service to edit, from what is stored. */
export function formOf (stored: StoredService): ServiceFormValues {
  const d = stored.definition
  const s = (k: string): string => typeof d[k] === 'string' ? d[k] as string : ''
  return {
    kind: stored.kind,
    name: s('name'),
    uai: s('uai'),
    group: s('group'),
    description: s('description'),
    access: Array.isArray(d.access) ? d.access as AccessGroup[] : [...ACCESS_GROUPS],
    singleLogout: d.singleLogout === true,
    pronoteUrl: s('pronoteUrl'),
    serviceId: s('serviceId'),
    attributeRelease: s('attributeRelease') === '' ? 'none' : s('attributeRelease'),
    launchUrl: s('launchUrl'),
    callbackPattern: typeof d.proxy === 'object' && d.proxy !== null ? String((d.proxy as Record<string, unknown>).callbackPattern ?? '') : ''
  }
}

/** The services.json entry a form describes: exactly what a hand-written file would hold. */
export function definitionOf (id: string, v: ServiceFormValues, evaluationOrder: number): Record<string, unknown> & { id: string } {
  const optional = (key: string, value: string): Record<string, string> => value === '' ? {} : { [key]: value }
  const common = { id, name: v.name, ...optional('uai', v.uai), access: v.access, ...optional('group', v.group), ...optional('description', v.description), singleLogout: v.singleLogout, evaluationOrder }
  if (v.kind === 'pronote') return { ...common, pronoteUrl: v.pronoteUrl }
  return {
    ...common,
    serviceId: v.serviceId,
    attributeRelease: v.attributeRelease,
    ...optional('launchUrl', v.launchUrl),
    ...(v.callbackPattern === '' ? {} : { proxy: { callbackPattern: v.callbackPattern } })
  }
}

// The key a services.json message names ("console[0].pronoteUrl: …") → the form field it is about.
const FIELD_OF: Record<string, keyof ServiceFormValues> = {
  name: 'name', uai: 'uai', group: 'group', description: 'description', access: 'access', singleLogout: 'singleLogout',
  pronoteUrl: 'pronoteUrl', serviceId: 'serviceId', attributeRelease: 'attributeRelease', launchUrl: 'launchUrl', proxy: 'callbackPattern'
}

/**
 * Checks a form with the very rules of services.json (parseServices), so the console can make
 * nothing a file could not hold; a refusal comes back as a French message next to its field.
 */
export function checkServiceForm (definition: Record<string, unknown>, v: ServiceFormValues): { service: RegisteredService } | { errors: FieldErrors } {
  const errors: FieldErrors = {}
  if (v.name === '') errors.name = 'Nom obligatoire.'
  if (v.access.length === 0) errors.access = 'Cochez au moins un profil.'
  if (v.kind === 'pronote' && v.uai === '') errors.uai = 'Établissement obligatoire pour un PRONOTE.'
  if (v.kind === 'pronote' && v.pronoteUrl === '') errors.pronoteUrl = 'URL de PRONOTE obligatoire.'
  if (v.kind === 'cas' && v.serviceId === '') errors.serviceId = 'Motif d\'URL obligatoire.'
  if (Object.keys(errors).length > 0) return { errors }
  try {
    return { service: parseServices([definition], 'console')[0] as RegisteredService }
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    const m = /^console\[0\](?:\.([A-Za-z]+)[^:]*)?: (.*)$/s.exec(err.message)
    const field = m?.[1] === undefined ? undefined : FIELD_OF[m[1]]
    const message = m?.[2] ?? err.message
    return { errors: field === undefined ? { form: message } : { [field]: message.charAt(0).toUpperCase() + message.slice(1) } }
  }
}
