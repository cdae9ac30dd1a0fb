/**
 * A person as a directory describes them, in Sésame's own terms (docs/pronote.md, docs/configuration.md). Optional
 * fields are absent, never empty strings.
 */
export interface Person {
  /** Stable identifier for the person's life in the directory: the default cas:user. */
  uid: string
  /** The id of the directory the person signed in with. */
  directoryId: string
  /** The entry's DN, for LDAP directories: parents may name their children by DN. */
  dn?: string
  nom?: string
  prenom?: string
  /** Birth date as YYYY-MM-DD. */
  dateNaissance?: string
  codePostal?: string
  /** SDET profile codes, e.g. National_ELV. */
  profiles: string[]
  /** UAIs of the establishments the person belongs to, upper case. */
  uais: string[]
  /** The directory's joining key (ENTPersonJointure). */
  jointure?: string
  /** A parent's children, as DNs or uids. */
  children: string[]
}
