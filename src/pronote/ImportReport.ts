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
}

/** The outcome of an import, as the CLI prints it (--json) and the admin API returns it. */
export interface ImportReport {
  uai: string
  establishmentName?: string
  mode: ImportMode
  dryRun: boolean
  /** Whether links were written (false for a dry run). */
  committed: boolean
  /** Links written: the establishment's new set (full) or the links added (partial). */
  linksWritten: number
  counts: Record<EntryKind, KindCounts>
  totals: KindCounts
  ambiguous: ReportEntry[]
  unmatched: ReportEntry[]
}

export const emptyCounts = (): KindCounts => ({ read: 0, matched: 0, alreadyLinked: 0, ambiguous: 0, unmatched: 0, skipped: 0 })
