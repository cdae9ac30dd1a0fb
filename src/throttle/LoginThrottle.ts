import { createHash } from 'node:crypto'
import type { AttemptStore } from './AttemptStore.js'

export interface ThrottleLimits {
  /** Failures allowed for one login from one address within the window. */
  perLogin: number
  /** Failures allowed from one address, whatever the login, within the window. */
  perAddress: number
  windowSeconds: number
}

/** Keys never hold a login in clear: Redis dumps and monitors would show them. */
function digest (s: string): string {
  return createHash('sha256').update(s).digest('base64url').slice(0, 22)
}

/**
 * Brute-force throttling of sign-in. Only failures count, per address and login and per
 * address; a success forgets the failures of that login. Someone attacking one login, or from
 * one address, never slows another person's sign-in to another login from another address.
 *
 * An attempt is counted before its password is checked, then taken back if it was no failure:
 * checking the counts first and counting the failure afterwards let parallel attempts all pass
 * the check before any of them was counted.
 */
export class LoginThrottle {
  constructor (private readonly store: AttemptStore, private readonly limits: ThrottleLimits) {}

  private keys (address: string, login: string): [string, string] {
    // NFKC and case folding, as directories compare logins: `ｌea.martin` (fullwidth l) signs in
    // as lea.martin on OpenLDAP, so it must share lea.martin's count.
    return [`l:${digest(`${address}\u0000${login.normalize('NFKC').trim().toLowerCase()}`)}`, `a:${digest(address)}`]
  }

  /**
   * Counts this attempt; false when it goes over a limit, and must be refused unchecked. A refused
   * attempt is taken back at once: only the attempts whose password is checked count, so hammering
   * a throttled login does not use up the address's allowance, which a whole school may share.
   */
  async admit (address: string, login: string): Promise<boolean> {
    const [loginKey, addressKey] = this.keys(address, login)
    const { windowSeconds } = this.limits
    const [perLogin, perAddress] = await Promise.all([this.store.hit(loginKey, windowSeconds), this.store.hit(addressKey, windowSeconds)])
    if (perLogin <= this.limits.perLogin && perAddress <= this.limits.perAddress) return true
    await this.abandoned(address, login)
    return false
  }

  /** The attempt admitted was right: the login's failures are forgotten, the address's count takes it back. */
  async succeeded (address: string, login: string): Promise<void> {
    const [loginKey, addressKey] = this.keys(address, login)
    await Promise.all([this.store.reset(loginKey), this.store.release(addressKey)])
  }

  /** The attempt admitted could not be judged (the directory did not answer): both counts take it back. */
  async abandoned (address: string, login: string): Promise<void> {
    await Promise.all(this.keys(address, login).map(async (k) => { await this.store.release(k) }))
  }
}
