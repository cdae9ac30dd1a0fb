import { KINDS, type EntryKind } from './ExportEntry.js'
import { emptyChangeCounts, type LinkChangeCounts } from './ImportRecord.js'
import type { PronoteLink } from './LinkStore.js'

/** A link an import removes or changes, as the report lists it. */
export interface LinkChange {
  idpn: string
  uid: string
  /** The person's name in the directory, when known. */
  name?: string
  category: PronoteLink['category']
  kind: EntryKind
  /** How the link was made: by an import or by hand. */
  source: PronoteLink['source']
  /** A changed link: what it becomes (the same IDPN for someone else, or the person's new IDPN). */
  to?: { idpn: string, uid: string, name?: string }
}

export interface LinkChanges {
  totals: LinkChangeCounts
  counts: Record<EntryKind, LinkChangeCounts>
  removed: LinkChange[]
  changed: LinkChange[]
}

const kindOf = (l: PronoteLink): EntryKind => KINDS[l.category - 1] as EntryKind

/**
 * What turning `before` into `after` (one establishment's links) does to each link: an IDPN kept
 * for the same person is unchanged; an IDPN kept for someone else, or a person whose IDPN of a
 * category is replaced by another, is changed; a new IDPN for a new person is created; any other
 * IDPN that disappears is removed.
 */
export function diffLinks (before: PronoteLink[], after: PronoteLink[], nameOf: (uid: string) => string | undefined = () => undefined): LinkChanges {
  const counts = Object.fromEntries(KINDS.map((k) => [k, emptyChangeCounts()])) as Record<EntryKind, LinkChangeCounts>
  const old = new Map(before.map((l) => [l.idpn, l]))
  const next = new Set(after.map((l) => l.idpn))
  // The person's previous IDPN of each category that the new set drops, for "new IDPN" changes.
  const gone = before.filter((l) => !next.has(l.idpn))
  const dropped = new Map<string, PronoteLink>()
  for (const l of gone) dropped.set(`${l.category}|${l.uid}`, l)
  const replaced = new Set<string>()
  const named = (uid: string): { name?: string } => { const name = nameOf(uid); return name === undefined ? {} : { name } }
  const change = (from: PronoteLink, to: PronoteLink): LinkChange =>
    ({ idpn: from.idpn, uid: from.uid, ...named(from.uid), category: from.category, kind: kindOf(from), source: from.source, to: { idpn: to.idpn, uid: to.uid, ...named(to.uid) } })
  const removed: LinkChange[] = []
  const changed: LinkChange[] = []
  for (const l of after) {
    const was = old.get(l.idpn)
    const previous = was ?? dropped.get(`${l.category}|${l.uid}`)
    if (was !== undefined && was.uid === l.uid) counts[kindOf(l)].unchanged++
    else if (previous === undefined) counts[kindOf(l)].created++
    else {
      counts[kindOf(l)].changed++
      changed.push(change(previous, l))
      if (was === undefined) { replaced.add(previous.idpn); dropped.delete(`${l.category}|${l.uid}`) }
    }
  }
  for (const l of gone.filter((g) => !replaced.has(g.idpn))) {
    counts[kindOf(l)].removed++
    removed.push({ idpn: l.idpn, uid: l.uid, ...named(l.uid), category: l.category, kind: kindOf(l), source: l.source })
  }
  const totals = emptyChangeCounts()
  for (const c of Object.values(counts)) for (const k of Object.keys(totals) as Array<keyof LinkChangeCounts>) totals[k] += c[k]
  return { totals, counts, removed, changed }
}
