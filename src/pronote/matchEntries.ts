import { frenchDate } from '../directory/parseBirthDate.js'
import type { Person } from '../directory/Person.js'
import { CATEGORY_OF, type EntryKind, type ExportEntry, KIND_NAME } from './ExportEntry.js'
import type { PronoteLink } from './LinkStore.js'
import type { PeopleIndex } from './PeopleIndex.js'

/** What became of one entry. */
export type Outcome =
  | { entry: ExportEntry, status: 'matched' | 'alreadyLinked', person: Person, link: PronoteLink }
  /** Partial import: the IDPN is linked already, and that link is kept as it is, unmatched. */
  | { entry: ExportEntry, status: 'alreadyLinked', link: PronoteLink }
  | { entry: ExportEntry, status: 'ambiguous' | 'unmatched', reason: string, candidates: string[] }

export interface MatchContext {
  uai: string
  people: PeopleIndex
  /** The establishment's links before the import, by IDPN. */
  existing: Map<string, PronoteLink>
  /** Links made by hand that an earlier import removed when their IDPN left the file, by IDPN. */
  remembered?: Map<string, PronoteLink>
  /** Outcomes of the pupils of this import, by IDPN: parents need their children matched first. */
  pupils: Map<string, Outcome>
  /**
   * Partial import: existing links are kept. An IDPN linked already is left as it is, and a
   * person linked already in a category gets no second identifier there.
   */
  keepExisting: boolean
  now: string
}

const WHO: Record<EntryKind, string> = { pupil: 'aucun élève', parent: 'aucun responsable', teacher: 'aucun professeur', staff: 'aucun personnel' }
const normalise = (ref: string): string => ref.toLowerCase().replace(/\s*([,=])\s*/g, '$1').trim()

/** The person a child IDPN stands for: this import's pupil, or the link already made earlier. */
function childOf (idpn: string, ctx: MatchContext): Person | undefined {
  const outcome = ctx.pupils.get(idpn)
  if (outcome !== undefined && 'person' in outcome) return outcome.person
  if (outcome !== undefined && !('link' in outcome)) return undefined
  const link = ctx.existing.get(idpn)
  return link?.category === 1 ? ctx.people.byUid.get(link.uid) : undefined
}

/** The people the entry may be, by the matching rules of docs/pronote.md, or why there is none. */
function candidatesOf (entry: ExportEntry, ctx: MatchContext): Person[] | string {
  if (entry.nom === '' || entry.prenom === '') return 'nom ou prénom absent du fichier'
  const named = ctx.people.named(entry.kind, entry.nom, entry.prenom)
  if (named.length === 0) return `${WHO[entry.kind]} de ce nom dans l'annuaire`
  const date = entry.dateNaissance
  if (entry.kind === 'pupil') {
    if (date === undefined) return 'date de naissance absente du fichier'
    const born = named.filter((p) => p.dateNaissance === date)
    return born.length > 0 ? born : `${WHO.pupil} de ce nom né le ${frenchDate(date)} dans l'annuaire`
  }
  if (entry.kind === 'parent') {
    if (entry.children.length === 0) return 'aucun enfant indiqué dans le fichier'
    const keys = new Set<string>()
    for (const child of entry.children.map((idpn) => childOf(idpn, ctx))) {
      if (child === undefined) continue
      keys.add(normalise(child.uid))
      if (child.dn !== undefined) keys.add(normalise(child.dn))
    }
    if (keys.size === 0) return 'aucun de ses enfants n\'est rapproché'
    const parents = named.filter((p) => p.children.some((c) => keys.has(normalise(c))))
    return parents.length > 0 ? parents : 'aucun responsable de ce nom n\'a ces enfants dans l\'annuaire'
  }
  const born = named.filter((p) => date === undefined || p.dateNaissance === undefined || p.dateNaissance === date)
  return born.length > 0 ? born : `${WHO[entry.kind]} de ce nom né le ${frenchDate(date as string)} dans l'annuaire`
}

/** A link made by hand for this entry's IDPN and category: the admin's choice, kept while the IDPN is in the file. */
const manualLinkOf = (entry: ExportEntry, ctx: MatchContext): PronoteLink | undefined => {
  const existing = ctx.existing.get(entry.idpn)
  return existing?.source === 'manual' && existing.category === CATEGORY_OF[entry.kind] ? existing : undefined
}

/**
 * The IDPN comes back after an import removed its hand-made link: the admin's choice is made
 * again, if the person is still in the establishment and has no other IDPN in that category.
 */
function rememberedLinkOf (entry: ExportEntry, ctx: MatchContext, linkedInCategory: Map<string, PronoteLink>): Outcome | undefined {
  const old = ctx.remembered?.get(entry.idpn)
  if (old === undefined || old.category !== CATEGORY_OF[entry.kind]) return undefined
  const person = ctx.people.byUid.get(old.uid)
  if (person === undefined || linkedInCategory.has(`${old.category}|${old.uid}`)) return undefined
  return { entry, status: 'matched', person, link: { ...old, uai: ctx.uai, source: 'manual' } }
}

function resolve (entry: ExportEntry, ctx: MatchContext, linkedInCategory: Map<string, PronoteLink>): Outcome {
  const existing = ctx.existing.get(entry.idpn)
  if (ctx.keepExisting && existing !== undefined) return { entry, status: 'alreadyLinked', link: existing }
  const manual = manualLinkOf(entry, ctx)
  if (manual !== undefined) {
    const person = ctx.people.byUid.get(manual.uid)
    return person === undefined ? { entry, status: 'alreadyLinked', link: manual } : { entry, status: 'alreadyLinked', person, link: manual }
  }
  const back = existing === undefined ? rememberedLinkOf(entry, ctx, linkedInCategory) : undefined
  if (back !== undefined) return back
  const found = candidatesOf(entry, ctx)
  let person: Person | undefined
  if (typeof found !== 'string' && found.length === 1) person = found[0]
  else if (existing !== undefined && typeof found !== 'string' && found.some((p) => p.uid === existing.uid)) {
    person = ctx.people.byUid.get(existing.uid) // an admin already chose among homonyms: keep it
  }
  if (person === undefined) {
    return typeof found === 'string'
      ? { entry, status: 'unmatched', reason: found, candidates: [] }
      : { entry, status: 'ambiguous', reason: `${found.length} personnes possibles`, candidates: found.map((p) => p.uid) }
  }
  if (existing !== undefined && existing.uid === person.uid) return { entry, status: 'alreadyLinked', person, link: existing }
  const category = CATEGORY_OF[entry.kind]
  const held = ctx.keepExisting ? linkedInCategory.get(`${category}|${person.uid}`) : undefined
  if (held !== undefined) {
    return { entry, status: 'ambiguous', reason: `${person.uid} a déjà l'identifiant ${held.idpn} comme ${KIND_NAME[entry.kind]} : à lier à la main`, candidates: [person.uid] }
  }
  const link: PronoteLink = { uai: ctx.uai, idpn: entry.idpn, uid: person.uid, category, source: 'import', linkedAt: ctx.now }
  return { entry, status: 'matched', person, link }
}

/**
 * Matches the entries of one kind. No guess: several candidates, or one person claimed by several
 * entries, make every entry concerned ambiguous.
 */
export function matchEntries (entries: ExportEntry[], ctx: MatchContext): Outcome[] {
  const linkedInCategory = new Map<string, PronoteLink>()
  for (const l of ctx.existing.values()) linkedInCategory.set(`${l.category}|${l.uid}`, l)
  const outcomes = entries.map((e) => resolve(e, ctx, linkedInCategory))
  const claims = new Map<string, string[]>()
  for (const o of outcomes) if ('person' in o) claims.set(o.person.uid, [...(claims.get(o.person.uid) ?? []), o.entry.idpn])
  const byIdpn = new Map(outcomes.map((o) => [o.entry.idpn, o]))
  const isManual = (o: Outcome | undefined): boolean => o !== undefined && 'link' in o && o.link.source === 'manual'
  return outcomes.map((o) => {
    if (!('person' in o)) return o
    const claimers = claims.get(o.person.uid) as string[]
    if (claimers.length === 1) return o
    // A link made by hand wins over what the rules find for the same person.
    if (isManual(o)) return o
    const manual = claimers.find((idpn) => isManual(byIdpn.get(idpn)))
    if (manual !== undefined) {
      return { entry: o.entry, status: 'ambiguous', reason: `${o.person.uid} est lié à la main à l'IDPN ${manual}`, candidates: [o.person.uid] }
    }
    const others = claimers.filter((idpn) => idpn !== o.entry.idpn).join(', ')
    return { entry: o.entry, status: 'ambiguous', reason: `même personne que l'IDPN ${others}`, candidates: [o.person.uid] }
  })
}
