import { randomUUID } from 'node:crypto'
import { errors, jwtVerify, SignJWT } from 'jose'
import type { TicketStore } from '../tickets/TicketStore.js'

const AUDIENCE = 'sesame:login'

function keyOf (secret: string): Uint8Array {
  return new TextEncoder().encode(secret)
}

/** The one-time `execution` token of the login form, signed with the first CAS secret. */
export async function issueLoginToken (secrets: readonly string[], ttlSeconds: number): Promise<string> {
  return await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setJti(randomUUID())
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(keyOf(secrets[0] as string))
}

export type LoginTokenProblem = 'missing' | 'invalid' | 'expired' | 'replayed'

/**
 * Checks a posted `execution` token: signed by one of the secrets (rotation), not expired, and
 * never seen before (claimed once in the ticket store, shared by every node).
 */
export async function checkLoginToken (secrets: readonly string[], tickets: TicketStore, token: string | undefined, ttlSeconds: number): Promise<LoginTokenProblem | undefined> {
  if (token === undefined || token === '') return 'missing'
  for (const secret of secrets) {
    let jti: unknown
    try {
      jti = (await jwtVerify(token, keyOf(secret), { audience: AUDIENCE, algorithms: ['HS256'] })).payload.jti
    } catch (err) {
      if (err instanceof errors.JWTExpired) return 'expired'
      if (err instanceof errors.JWSSignatureVerificationFailed) continue
      return 'invalid'
    }
    if (typeof jti !== 'string') return 'invalid'
    // Outside the try: a store that cannot answer is an outage (503), not an invalid form.
    return (await tickets.claimOnce(`execution:${jti}`, ttlSeconds)) ? undefined : 'replayed'
  }
  return 'invalid'
}
