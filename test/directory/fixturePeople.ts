import type { Person } from '../../src/directory/Person.js'

/** A fixture person as every directory implementation must return it (dn and directoryId aside). */
export interface FixturePerson {
  login: string
  password: string
  /** The entry's DN in test/fixtures/ldap/people.ldif. */
  dn: string
  locked?: boolean
  person: Omit<Person, 'directoryId' | 'dn'>
}

const ATEN = 'ou=aten,dc=sesame,dc=test'
const ARENA = 'ou=arena,dc=sesame,dc=test'

/**
 * The people of test/fixtures/ldap/people.ldif (keep both in step), also written to a users file
 * for FileDirectory. Not listed: compte.expire and the two "doublon" entries, which only LDAP has.
 */
export const fixturePeople = {
  pupil: {
    login: 'lea.martin',
    password: 'Eleve-Lea-2024',
    dn: `uid=lea.martin,${ATEN}`,
    person: { uid: 'lea.martin', nom: 'Martin', prenom: 'Lea', dateNaissance: '2011-09-05', codePostal: '34000', profiles: ['National_ELV'], uais: ['0340000X'], jointure: 'ATEN-1001', children: [] }
  },
  sibling: {
    login: 'hugo.martin',
    password: 'Eleve-Hugo-2024',
    dn: `uid=hugo.martin,${ATEN}`,
    person: { uid: 'hugo.martin', nom: 'Martin', prenom: 'Hugo', dateNaissance: '2013-01-20', codePostal: '34000', profiles: ['National_ELV'], uais: ['0340000X'], jointure: 'ATEN-1002', children: [] }
  },
  accented: {
    login: 'elodie.nguyen-roux',
    password: 'mot de passe à éèç ü',
    dn: `uid=elodie.nguyen-roux,${ATEN}`,
    person: { uid: 'elodie.nguyen-roux', nom: 'N\'Guyen-Roux', prenom: 'Élodie', dateNaissance: '2010-03-12', codePostal: '34070', profiles: ['National_ELV'], uais: ['0340000X'], jointure: 'ATEN-1003', children: [] }
  },
  parent: {
    login: 'parent.martin',
    password: 'Parent-2024',
    dn: `uid=parent.martin,${ATEN}`,
    person: { uid: 'parent.martin', nom: 'Martin', prenom: 'Sophie', codePostal: '34000', profiles: ['National_TUT'], uais: ['0340000X'], jointure: 'ATEN-2001', children: [`uid=lea.martin,${ATEN}`, 'hugo.martin'] }
  },
  locked: {
    login: 'compte.bloque',
    password: 'Bloque-2024',
    dn: `uid=compte.bloque,${ATEN}`,
    locked: true,
    person: { uid: 'compte.bloque', nom: 'Bloque', prenom: 'Compte', profiles: ['National_ELV'], uais: ['0340000X'], children: [] }
  },
  teacher: {
    login: 'prof.durand',
    password: 'Prof-2024',
    dn: `uid=prof.durand,${ARENA}`,
    person: { uid: 'prof.durand', nom: 'Durand', prenom: 'Jean', dateNaissance: '1975-04-12', codePostal: '34090', profiles: ['National_ENS', 'National_DOC'], uais: ['0340000X', '0341111A'], jointure: 'ARENA-3001', children: [] }
  },
  staff: {
    login: 'cpe.bernard',
    password: 'Cpe-2024',
    dn: `uid=cpe.bernard,${ARENA}`,
    person: { uid: 'cpe.bernard', nom: 'Bernard', prenom: 'Claire', profiles: ['National_EVS'], uais: ['0340000X'], jointure: 'ARENA-3002', children: [] }
  }
} satisfies Record<string, FixturePerson>

/** Only in LDAP: an expired password (ppolicy pwdMaxAge) and a login held by two entries. */
export const ldapOnlyPeople = {
  expired: { login: 'compte.expire', password: 'Expire-2024', dn: `uid=compte.expire,${ATEN}` },
  duplicate: { login: 'doublon', password: 'Doublon-2024' }
}
