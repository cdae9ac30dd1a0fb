import { createHash, randomUUID } from 'node:crypto'
import { errors, jwtVerify, SignJWT } from 'jose'
import type { TicketStore } from '../tickets/TicketStore.js'

const AUDIENCE = 'sesame:login'

function keyOf (secret: string): Uint8Array {
  return new TextEncoder().encode(secret)
}

/** The claim that binds a form to a browser: a digest, so the page never shows the HttpOnly cookie's value. */
function bindingClaim (browserValue: string): string {
  return createHash('sha256').update(browserValue).digest('base64url')
}

/**
 * The one-time `execution` token of the login form, signed with the first CAS secret and bound to
 * the browser's pre-login value (see routes/formBinding).
 */
export async function issueLoginToken (secrets: readonly string[], ttlSeconds: number, browserValue: string): Promise<string> {
  return await new SignJWT({ bnd: bindingClaim(browserValue) })
    .setProtectedHeader({ alg: 'HS256' })
    .setJti(randomUUID())
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(keyOf(secrets[0] as string))
}

export type LoginTokenProblem = 'missing' | 'invalid' | 'expired' | 'unbound' | 'replayed'

/**
 * Checks a posted `execution` token without storing anything: signed by one of the secrets
 * (rotation), not expired, and bound to the browser's pre-login value. Returns its id, to claim
 * once the rest of the form has been checked (claimLoginToken), or the problem.
 */
export async function verifyLoginToken (secrets: readonly string[], token: string | undefined, browserValue: string | undefined): Promise<{ jti: string } | { problem: LoginTokenProblem }> {
  if (token === undefined || token === '') return { problem: 'missing' }
  for (const secret of secrets) {
    let payload
    try {
      payload = (await jwtVerify(token, keyOf(secret), { audience: AUDIENCE, algorithms: ['HS256'] })).payload
    } catch (err) {
      if (err instanceof errors.JWTExpired) return { problem: 'expired' }
      if (err instanceof errors.JWSSignatureVerificationFailed) continue
      return { problem: 'invalid' }
    }
    if (typeof payload.jti !== 'string') return { problem: 'invalid' }
    if (browserValue === undefined || payload.bnd !== bindingClaim(browserValue)) return { problem: 'unbound' }
    return { jti: payload.jti }
  }
  return { problem: 'invalid' }
}

/**
 * Claims a verified token once, in the ticket store shared by every node: false if it was already
 * used. This is the only write of a form post before the directory is asked, so it comes last.
 */
export async function claimLoginToken (tickets: TicketStore, jti: string, ttlSeconds: number): Promise<boolean> {
  return await tickets.claimOnce(`execution:${jti}`, ttlSeconds)
}
