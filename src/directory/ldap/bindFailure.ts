import { ResultCodeError } from 'ldapts'
import { AuthenticationError } from '../AuthenticationError.js'

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
 * An account's state is told only to whoever proved its password. Servers refuse a locked
 * account's bind whatever the password (OpenLDAP ppolicy, Active Directory's "data 775", 389-ds's
 * retry limit), so a lock never proves the password: the refusal is the generic one, the lock is
 * kept for the audit log. "Expired" messages (Active Directory's 532/701/773, 389-ds's "password
 * expired!") come only after the right password, so they are told. OpenLDAP says "expired" only in
 * a response control, which ldapts drops when a bind fails: its refusals stay generic (see
 * PasswordExpiry, which only informs the audit log), as does the lock read from the entry's
 * pwdAccountLockedTime (lockedHint).
 */
export function bindFailure (err: unknown, lockedHint: boolean): AuthenticationError | undefined {
  if (!(err instanceof ResultCodeError) || !REFUSALS.has(err.code)) return undefined
  if (LOCKED.test(err.message) || lockedHint) return AuthenticationError.unproven('locked')
  if (EXPIRED.test(err.message)) return new AuthenticationError('expired')
  return new AuthenticationError('invalidCredentials')
}
