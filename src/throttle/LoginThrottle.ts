import { createHash } from 'node:crypto'
import { addressGroup } from './addressGroup.js'
import type { AttemptStore } from './AttemptStore.js'
import { foldLogin } from './foldLogin.js'

export interface ThrottleLimits {
  /** Failures allowed for one login from one address within the window. */
  perLogin: number
  /** Failures allowed from one address, whatever the login, within the window. */
  perAddress: number
  /** Failures allowed for one login, whatever the address, within the window. */
  perLoginAnyAddress: number
  windowSeconds: number
}

/** Which limit refused an attempt, for the audit log (never for the page: see LoginThrottle). */
export type ThrottleLimit = 'loginAtAddress' | 'address' | 'login'

/** Keys never hold a login in clear: Redis dumps and monitors would show them. */
function digest (s: string): string {
  return createHash('sha256').update(s).digest('base64url').slice(0, 22)
}

/**
 * Brute-force throttling of sign-in. Only failures count: per address and login, per address,
 * and per login whatever the address. A success forgets the failures of that login at that
 * address. An address is an IPv6 /64 or an IPv4 address (see addressGroup).
 *
 * The per-login count stops an attacker who changes address (a botnet, a /64, a forged
 * X-Forwarded-For behind a proxy trusted too widely); its price is that such an attacker can hold
 * one login back for a window. Its refusal reads like every other throttling refusal, and unknown
 * logins are counted like known ones, so it never tells whether a login exists.
 *
 * An attempt is counted before its password is checked, then taken back if it was no failure:
 * checking the counts first and counting the failure afterwards let parallel attempts all pass
 * the check before any of them was counted.
 */
export class LoginThrottle {
  constructor (private readonly store: AttemptStore, private readonly limits: ThrottleLimits) {}

  private keys (address: string, login: string): [string, string, string] {
    const source = addressGroup(address)
    const folded = foldLogin(login)
    return [`l:${digest(`${source}\u0000${folded}`)}`, `a:${digest(source)}`, `g:${digest(folded)}`]
  }

  /**
   * Counts this attempt; undefined when admitted, else the limit it goes over, and it must be
   * refused unchecked. A refused attempt is taken back at once: only the attempts whose password
   * is checked count, so hammering a throttled login does not use up the address's allowance,
   * which a whole school may share.
   */
  async admit (address: string, login: string): Promise<ThrottleLimit | undefined> {
    const keys = this.keys(address, login)
    const { windowSeconds } = this.limits
    const [atAddress, fromAddress, anywhere] = await Promise.all(keys.map(async (k) => await this.store.hit(k, windowSeconds)))
    let over: ThrottleLimit | undefined
    if ((atAddress as number) > this.limits.perLogin) over = 'loginAtAddress'
    else if ((anywhere as number) > this.limits.perLoginAnyAddress) over = 'login'
    else if ((fromAddress as number) > this.limits.perAddress) over = 'address'
    if (over !== undefined) await this.abandoned(address, login)
    return over
  }

  /**
   * The attempt admitted was right: the login's failures at this address are forgotten, the other
   * counts take it back. Its failures from elsewhere stay: the person signing in does not lift an
   * attack from other addresses.
   */
  async succeeded (address: string, login: string): Promise<void> {
    const [loginKey, addressKey, anywhereKey] = this.keys(address, login)
    await Promise.all([this.store.reset(loginKey), this.store.release(addressKey), this.store.release(anywhereKey)])
  }

  /** The attempt admitted could not be judged (the directory did not answer, a replayed form): every count takes it back. */
  async abandoned (address: string, login: string): Promise<void> {
    await Promise.all(this.keys(address, login).map(async (k) => { await this.store.release(k) }))
  }
}
