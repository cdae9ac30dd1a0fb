/** Person fields read from LDAP, each naming the LDAP attribute that holds it. */
export interface LdapAttributeMap {
  uid: string
  nom?: string
  prenom?: string
  dateNaissance?: string
  codePostal?: string
  profiles?: string
  uai?: string
  jointure?: string
  children?: string
}

/** A validated directories.json entry of kind "ldap", with defaults applied. */
export interface LdapDirectoryConfig {
  id: string
  label: string
  /** Tried in order: the next one when a server is down. */
  urls: string[]
  bindDn: string
  bindPassword: string
  baseDn: string
  loginAttribute: string
  attributes: LdapAttributeMap
  startTls: boolean
  /** PEM certificates to trust for ldaps:// and StartTLS, read from caFile. */
  ca?: string
  connectTimeoutMs: number
  timeoutMs: number
  /** Most connections kept open for the service account's searches. */
  poolSize: number
  /** Most binds as a person (sign-in password checks) at once; the others wait their turn. */
  maxBinds: number
  /** Entries per page for peopleOf. */
  pageSize: number
}
