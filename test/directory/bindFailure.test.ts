import { BusyError, InvalidCredentialsError, ConstraintViolationError } from 'ldapts'
import t from 'tap'
import { bindFailure } from '../../src/directory/ldap/bindFailure.js'

t.test('invalid credentials (49) are a refusal, not an outage', async (t) => {
  t.equal(bindFailure(new InvalidCredentialsError(''), false)?.reason, 'invalidCredentials')
})

t.test('OpenLDAP ppolicy lock (pwdAccountLockedTime on the entry) is reported as locked', async (t) => {
  t.equal(bindFailure(new InvalidCredentialsError(''), true)?.reason, 'locked')
})

t.test('Active Directory and 389-ds diagnostic messages give locked or expired', async (t) => {
  t.equal(bindFailure(new InvalidCredentialsError('80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 775, v4563'), false)?.reason, 'locked')
  t.equal(bindFailure(new InvalidCredentialsError('80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 532, v4563'), false)?.reason, 'expired')
  t.equal(bindFailure(new InvalidCredentialsError('password expired!'), false)?.reason, 'expired')
  t.equal(bindFailure(new ConstraintViolationError('Exceed password retry limit. Please try later.'), false)?.reason, 'locked')
})

t.test('network errors and a busy server are not refusals: the caller reports the directory unavailable', async (t) => {
  t.equal(bindFailure(new Error('connect ECONNREFUSED 127.0.0.1:389'), false), undefined)
  t.equal(bindFailure(new BusyError('busy'), false), undefined)
})
