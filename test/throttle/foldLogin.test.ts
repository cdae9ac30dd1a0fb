import t from 'tap'
import { addressGroup } from '../../src/throttle/addressGroup.js'
import { foldLogin } from '../../src/throttle/foldLogin.js'

t.test('every spelling OpenLDAP matches to one entry folds to one throttling key', async (t) => {
  // Each of these finds uid=lea.martin on the test slapd (caseIgnoreMatch).
  for (const spelling of ['lea.martin', 'LEA.MARTIN', 'lea.mart\u0130n', '\uff4cea.martin', ' lea.martin ']) {
    t.equal(foldLogin(spelling), 'lea.martin', JSON.stringify(spelling))
  }
  t.equal(foldLogin('élodie.nguyen-roux'), foldLogin('ELODIE.NGUYEN-ROUX'), 'accents and case')
  t.equal(foldLogin('Straße'), foldLogin('STRASSE'))
})

t.test('throttling counts an IPv6 source by its /64, an IPv4 one by its address', async (t) => {
  t.equal(addressGroup('2001:db8:1:2::1'), '2001:db8:1:2::/64')
  t.equal(addressGroup('2001:0db8:0001:0002:ffff:ffff:ffff:ffff'), '2001:db8:1:2::/64')
  t.equal(addressGroup('2001:db8::1'), '2001:db8:0:0::/64')
  t.equal(addressGroup('::1'), '0:0:0:0::/64')
  t.equal(addressGroup('fe80::1%eth0'), 'fe80:0:0:0::/64')
  t.equal(addressGroup('64:ff9b::192.0.2.1'), '64:ff9b:0:0::/64')
  t.equal(addressGroup('::ffff:192.0.2.1'), '192.0.2.1', 'IPv4 mapped into IPv6 is IPv4')
  t.equal(addressGroup('192.0.2.1'), '192.0.2.1')
  t.not(addressGroup('192.0.2.1'), addressGroup('192.0.2.2'))
})
