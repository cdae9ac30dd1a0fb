import { BusyError, InvalidCredentialsError, ConstraintViolationError } from 'ldapts'
import t from 'tap'
import { bindFailure } from '../../src/directory/ldap/bindFailure.js'

t.test('invalid credentials (49) are a refusal, not an outage', async (t) => {
  t.equal(bindFailure(new InvalidCredentialsError(''), false)?.reason, 'invalidCredentials')
})

t.test('a lock proves nothing of the password: the person gets the generic refusal, the audit log the lock', async (t) => {
  // OpenLDAP ppolicy (pwdAccountLockedTime on the entry), Active Directory's 775 and 389-ds's retry
  // limit refuse a locked account whatever the password.
  for (const [err, hint] of [
    [new InvalidCredentialsError(''), true],
    [new InvalidCredentialsError('80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 775, v4563'), false],
    [new ConstraintViolationError('Exceed password retry limit. Please try later.'), false]
  ] as const) {
    const refusal = bindFailure(err, hint)
    t.equal(refusal?.reason, 'invalidCredentials', err.message)
    t.equal(refusal?.message, 'Identifiant ou mot de passe incorrect.')
    t.equal(refusal?.accountState, 'locked')
  }
})

t.test('Active Directory and 389-ds say "expired" only after the right password: that is told', async (t) => {
  t.equal(bindFailure(new InvalidCredentialsError('80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 532, v4563'), false)?.reason, 'expired')
  t.equal(bindFailure(new InvalidCredentialsError('password expired!'), false)?.reason, 'expired')
})

t.test('network errors and a busy server are not refusals: the caller reports the directory unavailable', async (t) => {
  t.equal(bindFailure(new Error('connect ECONNREFUSED 127.0.0.1:389'), false), undefined)
  t.equal(bindFailure(new BusyError('busy'), false), undefined)
})
