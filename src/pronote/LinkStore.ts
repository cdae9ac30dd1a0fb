import type { ImportRecord } from './ImportRecord.js'

/** PRONOTE categories: National_1 pupil, National_2 parent, National_3 teacher, National_4 other staff. */
export type PronoteCategory = 1 | 2 | 3 | 4

/** One PRONOTE identifier linked to one person in one establishment, for one category. */
export interface PronoteLink {
  /** Establishment, upper case (e.g. 0340000X). */
  uai: string
  /** PRONOTE identifier (IDPN), e.g. A8BT6EGHDW3QFPXC. */
  idpn: string
  /** The person's uid in their directory (Person.uid). */
  uid: string
  category: PronoteCategory
  /** How the link was made. */
  source: 'import' | 'manual'
  /** ISO 8601 date of the link. */
  linkedAt: string
}

/**
 * Where PRONOTE links live (durable data). Implementations: FileLinkStore (embedded mode, one
 * JSON file replaced atomically) and RedisLinkStore; one contract suite for both. Every write is
 * atomic: a failed call leaves the previous links untouched.
 */
/** What releasing attributes reads of a LinkStore: a store, or the links already read with the session (useSessionFor). */
export type LinksReader = Pick<LinkStore, 'linksOf'>

export interface LinkStore {
  /** The links of one person in one establishment: read on every ticket issued to PRONOTE. */
  linksOf (uid: string, uai: string): Promise<PronoteLink[]>
  /** Every link of an establishment. */
  listEstablishment (uai: string): Promise<PronoteLink[]>
  /** Full import: the establishment's links become exactly these, in one step. */
  replaceEstablishment (uai: string, links: PronoteLink[]): Promise<void>
  /** Partial import or manual link: adds these links (replacing any with the same IDPN) in one step. */
  addLinks (uai: string, links: PronoteLink[]): Promise<void>
  /** Removes the link of an IDPN; false when there was none. */
  unlink (uai: string, idpn: string): Promise<boolean>
  /**
   * An import's write: the establishment's links become `links` (mode full) or gain them (mode
   * partial), and `record` goes on top of its history together with the link set as it was just
   * before, all in one atomic step. The history keeps the last HISTORY_LENGTH imports.
   */
  commitImport (uai: string, links: PronoteLink[], record: ImportRecord): Promise<void>
  /** The establishment's imports, newest first (at most HISTORY_LENGTH). */
  importHistory (uai: string): Promise<ImportRecord[]>
  /**
   * Puts back, in one atomic step, the links as they were before the last import, and drops that
   * import from the history. Returns the import undone, or undefined when there is none (nothing
   * changes then). Links made by hand since that import are lost with it.
   */
  undoImport (uai: string): Promise<ImportRecord | undefined>
  close (): Promise<void>

  // --- Establishments (backups: `sesame links export`) -------------------------------------------
  /** The establishments (upper-case UAIs, sorted) that have at least one link. */
  establishments (): Promise<string[]>
  // --- end of establishments ---------------------------------------------------------------------
}
