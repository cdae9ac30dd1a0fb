import { randomBytes, timingSafeEqual } from 'node:crypto'
import { jwtVerify, SignJWT } from 'jose'

/** Audience of console cookies: neither a login form token nor an admin API token can pass for one. */
const AUDIENCE = 'sesame:console'

/** Console sessions last at most this long, whatever the sign-on session does. */
export const CONSOLE_SESSION_SECONDS = 2 * 3600

export const CONSOLE_COOKIE = 'sesame_console'

/** An admin signed in to the console through Sésame's own CAS flow. */
export interface ConsoleSession {
  uid: string
  /** The sign-on session the console ticket came from: the console ends with it (logout). */
  tgtId: string
  /** When the admin last typed their password for the console (renew), in ms since the epoch. */
  reauthenticatedAt: number | undefined
  /** The token every console form carries (CSRF), bound to this cookie. */
  csrf: string
}

function keyOf (secret: string): Uint8Array {
  return new TextEncoder().encode(secret)
}

/** The cookie value: a JWT signed with the first CAS secret. */
export async function sealConsoleSession (secrets: readonly string[], s: ConsoleSession): Promise<string> {
  return await new SignJWT({ tgt: s.tgtId, csrf: s.csrf, ...(s.reauthenticatedAt === undefined ? {} : { reauth: s.reauthenticatedAt }) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(s.uid)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${CONSOLE_SESSION_SECONDS}s`)
    .sign(keyOf(secrets[0] as string))
}

/** The session a cookie carries, when it is one of ours and still valid; every secret verifies (rotation). */
export async function openConsoleSession (secrets: readonly string[], cookie: string | undefined): Promise<ConsoleSession | undefined> {
  if (cookie === undefined || cookie === '') return undefined
  for (const secret of secrets) {
    try {
      const { payload } = await jwtVerify(cookie, keyOf(secret), { audience: AUDIENCE, algorithms: ['HS256'], requiredClaims: ['sub', 'exp'] })
      if (typeof payload.tgt !== 'string' || typeof payload.csrf !== 'string' || typeof payload.sub !== 'string') return undefined
      return { uid: payload.sub, tgtId: payload.tgt, csrf: payload.csrf, reauthenticatedAt: typeof payload.reauth === 'number' ? payload.reauth : undefined }
    } catch { continue }
  }
  return undefined
}

export function newCsrfToken (): string {
  return randomBytes(24).toString('base64url')
}

/** Whether a posted form carries the session's CSRF token (constant time). */
export function csrfMatches (session: ConsoleSession, posted: unknown): boolean {
  if (typeof posted !== 'string') return false
  const a = Buffer.from(session.csrf)
  const b = Buffer.from(posted)
  return a.length === b.length && timingSafeEqual(a, b)
}
