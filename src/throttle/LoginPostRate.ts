import { createHash } from 'node:crypto'
import { addressGroup } from './addressGroup.js'
import type { AttemptStore } from './AttemptStore.js'

/**
 * The rate of POST /login per address (an IPv6 /64 or an IPv4 address), whatever the post holds.
 * Each accepted form claims its one-time token in the store for the form's lifetime; without this
 * limit one client could fill Redis with them, and a full Redis stops every sign-in. The count
 * itself is one key per address and window.
 */
export class LoginPostRate {
  constructor (private readonly store: AttemptStore, private readonly limits: { postsPerAddress: number, postsWindowSeconds: number }) {}

  /** Counts this post; false when it goes over the rate and must be refused before anything else. */
  async allow (address: string): Promise<boolean> {
    const key = `p:${createHash('sha256').update(addressGroup(address)).digest('base64url').slice(0, 22)}`
    return await this.store.hit(key, this.limits.postsWindowSeconds) <= this.limits.postsPerAddress
  }
}
