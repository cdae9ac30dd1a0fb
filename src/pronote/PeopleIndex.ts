import type { Directory } from '../directory/Directory.js'
import type { Person } from '../directory/Person.js'
import type { EntryKind } from './ExportEntry.js'
import { foldName } from './foldName.js'

const TEACHER_PROFILES = new Set(['National_ENS', 'National_DOC'])

/** The kinds of export entry a person may match, from their SDET profiles (the table of docs/pronote.md). */
export function kindsOf (person: Person): Set<EntryKind> {
  const kinds = new Set<EntryKind>()
  for (const p of person.profiles) {
    if (p === 'National_ELV') kinds.add('pupil')
    else if (p === 'National_TUT') kinds.add('parent')
    else if (TEACHER_PROFILES.has(p)) kinds.add('teacher')
    else kinds.add('staff') // DIR, EVS, ETA, ACA, COL and anything else
  }
  if (kinds.size === 0) kinds.add('staff')
  return kinds
}

/** Key of a name pair, folded. */
export const nameKey = (nom: string, prenom: string): string => `${foldName(nom)}|${foldName(prenom)}`

/** The people of one establishment, across every directory, grouped by kind and folded name. */
export class PeopleIndex {
  readonly byUid = new Map<string, Person>()
  private readonly byName = new Map<string, Person[]>()

  /** Reads directory.peopleOf(uai) of every directory; one person per uid. */
  static async load (directories: Directory[], uai: string): Promise<PeopleIndex> {
    const index = new PeopleIndex()
    for (const directory of directories) {
      for await (const person of directory.peopleOf(uai)) index.add(person)
    }
    return index
  }

  add (person: Person): void {
    if (this.byUid.has(person.uid)) return
    this.byUid.set(person.uid, person)
    if (person.nom === undefined || person.prenom === undefined) return
    for (const kind of kindsOf(person)) {
      const k = `${kind}|${nameKey(person.nom, person.prenom)}`
      const list = this.byName.get(k)
      if (list === undefined) this.byName.set(k, [person])
      else list.push(person)
    }
  }

  /** People of this kind with this (folded) name. */
  named (kind: EntryKind, nom: string, prenom: string): Person[] {
    return this.byName.get(`${kind}|${nameKey(nom, prenom)}`) ?? []
  }

  get size (): number { return this.byUid.size }
}
