import t from 'tap'
import { generalizedTime } from '../../src/directory/ldap/PasswordExpiry.js'

t.test('LDAP generalized time reads as UTC, fractions allowed; anything else is unreadable', async (t) => {
  t.equal(generalizedTime('20000101000000Z'), Date.UTC(2000, 0, 1))
  t.equal(generalizedTime('20261201193005.123Z'), Date.UTC(2026, 11, 1, 19, 30, 5))
  for (const bad of ['', '2000-01-01', '20000101000000', '20000101000000+0100', 'garbage']) t.equal(generalizedTime(bad), undefined, bad)
})
