/**
 * Which establishments an administrator may act on: every one (`"*"`) or a list of UAIs (upper
 * case). One model for the admin console (ADMINS_FILE) and the admin API (the token's `uai` claim).
 */
export type AdminScope = '*' | readonly string[]

const UAI = /^\d{7}[A-Za-z]$/

/** Reads a scope as written in ADMINS_FILE or a token; undefined when it is not one. */
export function parseAdminScope (value: unknown): AdminScope | undefined {
  if (value === '*') return '*'
  if (!Array.isArray(value) || value.length === 0) return undefined
  if (!value.every((v) => typeof v === 'string' && UAI.test(v))) return undefined
  return [...new Set((value as string[]).map((v) => v.toUpperCase()))]
}

/** Whether the scope covers an establishment. */
export function scopeAllows (scope: AdminScope, uai: string): boolean {
  return scope === '*' || scope.includes(uai.toUpperCase())
}
