import type { Entry } from 'ldapts'
import { parseBirthDate } from '../parseBirthDate.js'
import type { Person } from '../Person.js'
import type { LdapAttributeMap } from './LdapDirectoryConfig.js'

/** The LDAP attributes to ask for so that ldapEntryToPerson has all it needs. */
export function requestedAttributes (map: LdapAttributeMap): string[] {
  return [...new Set(Object.values(map).filter((a): a is string => a !== undefined))]
}

/** Trimmed, non-empty values of an attribute; names compare case-insensitively, as in LDAP. */
export function valuesOf (entry: Entry, attribute: string | undefined): string[] {
  if (attribute === undefined) return []
  const wanted = attribute.toLowerCase()
  const key = Object.keys(entry).find((k) => k !== 'dn' && k.toLowerCase() === wanted)
  if (key === undefined) return []
  const raw = entry[key] as Entry[string]
  const list: Array<string | Buffer> = Array.isArray(raw) ? raw : [raw]
  return list.map((v) => (typeof v === 'string' ? v : v.toString('utf8')).trim()).filter((v) => v !== '')
}

/**
 * A Person from an LDAP entry through the configured attribute map: multi-valued fields keep every
 * value, UAIs are upper-cased, the birth date is normalised (absent when unreadable), and a missing
 * optional value is absent rather than empty. Undefined when the entry has no uid value.
 */
export function ldapEntryToPerson (entry: Entry, map: LdapAttributeMap, directoryId: string): Person | undefined {
  const uid = valuesOf(entry, map.uid)[0]
  if (uid === undefined) return undefined
  const person: Person = {
    uid,
    directoryId,
    dn: entry.dn,
    profiles: valuesOf(entry, map.profiles),
    uais: [...new Set(valuesOf(entry, map.uai).map((u) => u.toUpperCase()))],
    children: valuesOf(entry, map.children)
  }
  const single = ['nom', 'prenom', 'codePostal', 'jointure'] as const
  for (const field of single) {
    const value = valuesOf(entry, map[field])[0]
    if (value !== undefined) person[field] = value
  }
  const birth = valuesOf(entry, map.dateNaissance)[0]
  const dateNaissance = birth === undefined ? undefined : parseBirthDate(birth)
  if (dateNaissance !== undefined) person.dateNaissance = dateNaissance
  return person
}
