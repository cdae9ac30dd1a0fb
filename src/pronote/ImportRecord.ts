import type { ImportReport } from './ImportReport.js'
import type { PronoteCategory } from './LinkStore.js'

/** How many links an import created, kept, changed and removed. */
export interface LinkChangeCounts {
  created: number
  unchanged: number
  /** An IDPN moving to another person, or a person getting a new IDPN. */
  changed: number
  removed: number
}

export const emptyChangeCounts = (): LinkChangeCounts => ({ created: 0, unchanged: 0, changed: 0, removed: 0 })

/** One import written to an establishment's links, as its history keeps it. */
export interface ImportRecord {
  /** ISO 8601 date of the write. */
  at: string
  /** Who imported: the admin token's sub (API), the OS user or --by (command line). */
  by: string
  mode: 'full' | 'partial'
  /** The file's name as given (path on the command line, absent for an API upload). */
  fileName?: string
  /** SHA-256 of the file's bytes, in hex. */
  sha256: string
  counts: LinkChangeCounts
  /** Every IDPN the file held, with its category: what a link made by hand is checked against. */
  idpns: Record<string, PronoteCategory>
  /**
   * Links made by hand that this import removed because their IDPN had left the file: when the
   * IDPN comes back in a later full import, the admin's choice is made again automatically.
   */
  manualRemoved?: Array<{ idpn: string, uid: string, category: PronoteCategory, linkedAt: string }>
  /** The whole report ("Bilan d'import"), kept for imports made in the console. */
  report?: ImportReport
}

/** How many imports an establishment's history keeps (with the link set each one replaced). */
export const HISTORY_LENGTH = 5
