import type { LinkChanges } from './diffLinks.js'
import type { EntryKind } from './ExportEntry.js'
import type { PronoteCategory } from './LinkStore.js'

/** full: start of year, the establishment's links replaced; partial: new arrivals, links kept. */
export type ImportMode = 'full' | 'partial'

/** Counts of one kind of entry. read = matched + alreadyLinked + ambiguous + unmatched + skipped. */
export interface KindCounts {
  read: number
  /** Linked by this import (new link, or the IDPN now points to someone else). */
  matched: number
  /** The IDPN was already linked to the same person: link kept as it was. */
  alreadyLinked: number
  ambiguous: number
  unmatched: number
  /** Partial import: entries that already have a CAS identifier in PRONOTE, left alone. */
  skipped: number
}

/** An entry an admin must link by hand. */
export interface ReportEntry {
  idpn: string
  nom: string
  prenom: string
  category: PronoteCategory
  kind: EntryKind
  line: number
  /** Why, in French. */
  reason: string
  /** uids of the people it could be (ambiguous entries). */
  candidates: string[]
  /** Unmatched: the establishments where the directories know someone of that name and kind. */
  elsewhere?: string[]
}

/** What the admin should do after this import, in French, with the command when there is one. */
export interface NextStep {
  text: string
  command?: string
}

/** The outcome of an import, as the CLI prints it (--json) and the admin API returns it. */
export interface ImportReport {
  uai: string
  establishmentName?: string
  mode: ImportMode
  dryRun: boolean
  /** Whether links were written (false for a dry run). Same as written; kept for older callers. */
  committed: boolean
  /** Whether links were written: false for a dry run and for an import stopped before writing. */
  written: boolean
  /** The file imported: its name when known, and the SHA-256 of its bytes (as the history keeps them). */
  file: { name?: string, sha256: string }
  /** What the import does (or would do) to the establishment's links, link by link. */
  changes: LinkChanges
  /**
   * A full import may remove at most limit links (10 % of the `links` the establishment had, and
   * never fewer than 5) unless forced; exceeded tells a dry run that the real one would be stopped.
   */
  removalLimit: { links: number, limit: number, removals: number, exceeded: boolean, forced: boolean }
  /** Links written: the establishment's new set (full) or the links added (partial). */
  linksWritten: number
  counts: Record<EntryKind, KindCounts>
  totals: KindCounts
  ambiguous: ReportEntry[]
  unmatched: ReportEntry[]
  /** Entries left alone: a partial import skips those that carry a CAS identifier already. */
  ignored: ReportEntry[]
  nextSteps: NextStep[]
}

export const emptyCounts = (): KindCounts => ({ read: 0, matched: 0, alreadyLinked: 0, ambiguous: 0, unmatched: 0, skipped: 0 })
