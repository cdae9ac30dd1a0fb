import type { PronoteCategory } from './LinkStore.js'

/** The four kinds of entries of a PRONOTE identifier export, in the order they are matched. */
export type EntryKind = 'pupil' | 'parent' | 'teacher' | 'staff'

export const KINDS: readonly EntryKind[] = ['pupil', 'parent', 'teacher', 'staff']

export const CATEGORY_OF: Record<EntryKind, PronoteCategory> = { pupil: 1, parent: 2, teacher: 3, staff: 4 }

/** One of a kind, in French, for the lines of a report. */
export const KIND_NAME: Record<EntryKind, string> = { pupil: 'élève', parent: 'responsable', teacher: 'professeur', staff: 'personnel' }

/** French labels, for reports. */
export const KIND_LABEL: Record<EntryKind, string> = {
  pupil: 'élèves', parent: 'responsables', teacher: 'professeurs', staff: 'personnels'
}

/** One person of the export (an Eleve, Responsable, Professeur or Personnel element). */
export interface ExportEntry {
  kind: EntryKind
  idpn: string
  nom: string
  prenom: string
  /** Birth date as YYYY-MM-DD, when the file gives one. */
  dateNaissance?: string
  /** The CAS identifier PRONOTE already holds, when not empty. */
  casId?: string
  /** A parent's children, as the IDPNs of their Eleve entries. */
  children: string[]
  /** Line of the entry in the file. */
  line: number
}

/** What the file says about itself. */
export interface ExportHeader {
  /** Establishment, upper case. */
  uai: string
  /** NomEtablissement, when present. */
  name?: string
  /** How many entries were read. */
  entries: number
}
