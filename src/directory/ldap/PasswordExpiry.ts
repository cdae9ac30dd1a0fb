import type { Entry } from 'ldapts'
import type { LdapConnectionPool } from './LdapConnectionPool.js'
import { valuesOf } from './ldapEntryToPerson.js'

/** The ppolicy attributes read with an entry, to tell an expired password after a refused bind. */
export const EXPIRY_ATTRIBUTES = ['pwdChangedTime', 'pwdPolicySubentry'] as const

/** A policy's pwdMaxAge is read once per this long, not at each refusal. */
const POLICY_CACHE_MS = 300_000

/** LDAP generalized time (YYYYMMDDHHMMSS[.f]Z) in ms since the epoch, or undefined. */
export function generalizedTime (value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:[.,]\d+)?Z$/.exec(value.trim())
  if (m === null) return undefined
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number]
  return Date.UTC(y, mo - 1, d, h, mi, s)
}

/**
 * OpenLDAP's ppolicy says "password expired" only in a response control, which ldapts drops when a
 * bind fails (see bindFailure). After a refused bind, this tells it from the entry instead: the
 * password was changed (pwdChangedTime) longer ago than its policy allows (pwdMaxAge of the entry's
 * pwdPolicySubentry). An entry that names no policy is never taken for expired.
 */
export class PasswordExpiry {
  private readonly maxAges = new Map<string, { seconds: number, until: number }>()

  constructor (private readonly pool: LdapConnectionPool) {}

  async isExpired (entry: Entry, now = Date.now()): Promise<boolean> {
    const changed = generalizedTime(valuesOf(entry, 'pwdChangedTime')[0] ?? '')
    const policy = valuesOf(entry, 'pwdPolicySubentry')[0]
    if (changed === undefined || policy === undefined) return false
    const maxAge = await this.maxAgeOf(policy, now)
    return maxAge > 0 && changed + maxAge * 1000 <= now
  }

  private async maxAgeOf (policy: string, now: number): Promise<number> {
    const cached = this.maxAges.get(policy)
    if (cached !== undefined && cached.until > now) return cached.seconds
    let seconds = 0
    try {
      const { searchEntries } = await this.pool.use((client) => client.search(policy, { scope: 'base', attributes: ['pwdMaxAge'] }))
      seconds = Number(valuesOf(searchEntries[0] as Entry, 'pwdMaxAge')[0] ?? 0) || 0
    } catch {
      // Unreadable policy: the refusal stays "wrong password", the safe answer.
      return 0
    }
    this.maxAges.set(policy, { seconds, until: now + POLICY_CACHE_MS })
    return seconds
  }
}
