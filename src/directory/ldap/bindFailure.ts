import { ResultCodeError } from 'ldapts'
import { AuthenticationError } from '../AuthenticationError.js'
import type { AuthenticationFailure } from '../AuthenticationError.js'

// Diagnostic messages of the common servers. Active Directory: "AcceptSecurityContext error,
// data 775" (locked), 532/773/701 (password expired, must change, account expired).
// 389-ds / Red Hat DS: "Exceed password retry limit" (locked), "password expired!".
const LOCKED = /\block(ed)?\b|verrouill|bloqu|retry limit|data 775\b/i
const EXPIRED = /expir|must change|data (532|701|773)\b/i
// Result codes with which servers refuse a person's bind: invalidCredentials (49),
// inappropriateAuthentication (48), insufficientAccessRights (50), unwillingToPerform (53,
// e.g. a disabled account), constraintViolation (19, 389-ds lockout), noSuchObject (32).
const REFUSALS = new Set([19, 32, 48, 49, 50, 53])

/**
 * What a failed user bind means for the person: an AuthenticationError for a refusal, or
 * undefined when the directory itself failed (network, timeout, busy server), which the caller
 * reports as DirectoryUnavailableError.
 *
 * OpenLDAP's ppolicy tells "locked" and "expired" only in a response control, which ldapts drops
 * when a bind fails; so for OpenLDAP a lock is recognised from the entry's pwdAccountLockedTime
 * (lockedHint, read by the service account), and an expired password by PasswordExpiry.
 */
export function bindFailure (err: unknown, lockedHint: boolean): AuthenticationError | undefined {
  if (!(err instanceof ResultCodeError) || !REFUSALS.has(err.code)) return undefined
  let reason: AuthenticationFailure = 'invalidCredentials'
  if (LOCKED.test(err.message) || lockedHint) reason = 'locked'
  else if (EXPIRED.test(err.message)) reason = 'expired'
  return new AuthenticationError(reason)
}
