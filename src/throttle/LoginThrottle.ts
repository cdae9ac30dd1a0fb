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
 */
export class LoginThrottle {
  constructor (private readonly store: AttemptStore, private readonly limits: ThrottleLimits) {}

  private keys (address: string, login: string): [string, string] {
    return [`l:${digest(`${address}\u0000${login.trim().toLowerCase()}`)}`, `a:${digest(address)}`]
  }

  /** Whether this sign-in must be refused before its password is even checked. */
  async isBlocked (address: string, login: string): Promise<boolean> {
    const [perLogin, perAddress] = await this.store.counts(this.keys(address, login))
    return (perLogin ?? 0) >= this.limits.perLogin || (perAddress ?? 0) >= this.limits.perAddress
  }

  async failed (address: string, login: string): Promise<void> {
    const [loginKey, addressKey] = this.keys(address, login)
    await Promise.all([this.store.hit(loginKey, this.limits.windowSeconds), this.store.hit(addressKey, this.limits.windowSeconds)])
  }

  async succeeded (address: string, login: string): Promise<void> {
    await this.store.reset(this.keys(address, login)[0])
  }
}
