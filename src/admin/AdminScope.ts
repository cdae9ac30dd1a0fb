import { isUai } from '../pronote/identifiers.js'

/**
 * The establishments an administrator may act on: every one ('*'), or a list of UAIs stored
 * upper-case. The same model serves the `uai` claim of admin API tokens and, later, the
 * `establishments` of each entry of the admin console's ADMINS_FILE.
 */
export type AdminScope = '*' | string[]

/** A scope that cannot be read; the message is French, ready for an API answer or a start-up line. */
export class InvalidAdminScope extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'InvalidAdminScope'
  }
}

/**
 * Reads a scope as JSON gives it: "*" or a non-empty array of UAIs (either case). Anything else
 * throws InvalidAdminScope: a mistyped scope must refuse access, never widen it.
 */
export function parseAdminScope (raw: unknown): AdminScope {
  if (raw === '*') return '*'
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new InvalidAdminScope('périmètre attendu : "*" ou une liste non vide d\'UAI')
  }
  const uais = new Set<string>()
  for (const item of raw) {
    if (typeof item !== 'string' || !isUai(item)) {
      throw new InvalidAdminScope(`UAI « ${String(item).slice(0, 20)} » invalide dans le périmètre : 7 chiffres et une lettre attendus`)
    }
    uais.add(item.toUpperCase())
  }
  return [...uais]
}

/** Whether the scope covers this establishment (UAI compared case-insensitively). */
export function allows (scope: AdminScope, uai: string): boolean {
  return scope === '*' || scope.includes(uai.toUpperCase())
}
