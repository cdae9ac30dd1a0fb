import type { TestSlapd } from '../../scripts/testServices/slapd.mjs'

/** The env variable the test entries name for the service account's password. */
export const BIND_PASSWORD_ENV = 'TEST_LDAP_BIND_PASSWORD'

/** The full SDET attribute map, as in docs/configuration.md. */
export const SDET_ATTRIBUTES = {
  uid: 'uid',
  nom: 'sn',
  prenom: 'givenName',
  dateNaissance: 'ENTPersonDateNaissance',
  codePostal: 'postalCode',
  profiles: 'ENTPersonProfils',
  uai: 'ENTPersonStructRattachRNE',
  jointure: 'ENTPersonJointure',
  children: 'ENTAuxPersRelEleveEleve'
}

/** A directories.json entry for the test slapd (whole suffix unless overridden). */
export function ldapEntry (slapd: TestSlapd, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'aten',
    label: 'Élève ou parent',
    kind: 'ldap',
    url: slapd.url,
    bindDn: slapd.bindDn,
    bindPasswordEnv: BIND_PASSWORD_ENV,
    baseDn: slapd.baseDn,
    loginAttribute: 'uid',
    attributes: SDET_ATTRIBUTES,
    ...overrides
  }
}

export function ldapEnv (slapd: TestSlapd): Record<string, string> {
  return { [BIND_PASSWORD_ENV]: slapd.bindPassword }
}

/** A logger that keeps warnings for assertions instead of printing them. */
export function memoryLogger (): { warnings: Array<{ details: object, message: string }>, warn (details: object, message: string): void } {
  const warnings: Array<{ details: object, message: string }> = []
  return { warnings, warn (details, message) { warnings.push({ details, message }) } }
}
