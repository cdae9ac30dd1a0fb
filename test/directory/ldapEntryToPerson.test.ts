import type { Entry } from 'ldapts'
import t from 'tap'
import { ldapEntryToPerson, requestedAttributes } from '../../src/directory/ldap/ldapEntryToPerson.js'
import { SDET_ATTRIBUTES } from './ldapEntry.js'

const dn = 'uid=x,ou=aten,dc=sesame,dc=test'

t.test('values are trimmed, and a missing or blank optional value is absent, not empty', async (t) => {
  const entry: Entry = { dn, uid: ' x ', sn: '  ', givenName: [], ENTPersonProfils: [' National_ELV ', ''] }
  t.same(ldapEntryToPerson(entry, SDET_ATTRIBUTES, 'aten'), { uid: 'x', directoryId: 'aten', dn, profiles: ['National_ELV'], uais: [], children: [] })
})

t.test('attribute names compare without case, as LDAP names do', async (t) => {
  const entry: Entry = { dn, UID: 'x', SN: 'Durand', entpersonprofils: ['National_ENS', 'National_DOC'] }
  t.match(ldapEntryToPerson(entry, SDET_ATTRIBUTES, 'arena'), { uid: 'x', nom: 'Durand', profiles: ['National_ENS', 'National_DOC'] })
})

t.test('UAIs are upper-cased once each; binary values are read as UTF-8', async (t) => {
  const entry: Entry = { dn, uid: 'x', ENTPersonStructRattachRNE: ['0340000x', '0340000X', '0341111a'], givenName: Buffer.from('Élodie') }
  t.match(ldapEntryToPerson(entry, SDET_ATTRIBUTES, 'aten'), { uais: ['0340000X', '0341111A'], prenom: 'Élodie' })
})

t.test('birth dates in every SDET form become YYYY-MM-DD; an unreadable one is absent', async (t) => {
  for (const [raw, iso] of [['12/03/2010', '2010-03-12'], ['2010-03-12', '2010-03-12'], ['20100312', '2010-03-12'], ['20100312000000Z', '2010-03-12']]) {
    t.equal(ldapEntryToPerson({ dn, uid: 'x', ENTPersonDateNaissance: raw as string }, SDET_ATTRIBUTES, 'aten')?.dateNaissance, iso, raw)
  }
  t.notOk('dateNaissance' in (ldapEntryToPerson({ dn, uid: 'x', ENTPersonDateNaissance: '31/02/2010' }, SDET_ATTRIBUTES, 'aten') ?? {}))
})

t.test('an entry without a uid value gives no person', async (t) => {
  t.equal(ldapEntryToPerson({ dn, sn: 'Durand' }, SDET_ATTRIBUTES, 'aten'), undefined)
})

t.test('only the mapped attributes are asked for, once each', async (t) => {
  t.same(requestedAttributes({ uid: 'uid', nom: 'sn', prenom: 'sn' }), ['uid', 'sn'])
})
