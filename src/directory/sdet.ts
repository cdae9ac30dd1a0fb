import type { AccessGroup } from '../services/RegisteredService.js'
import type { PronoteCategory } from '../pronote/LinkStore.js'

// docs/pronote.md: SDET profiles → access group of the service form.
const GROUP_OF: Record<string, AccessGroup> = {
  National_ELV: 'eleve',
  National_TUT: 'parent',
  National_ENS: 'enseignant',
  National_DOC: 'enseignant',
  National_DIR: 'non-enseignant',
  National_EVS: 'non-enseignant',
  National_ETA: 'non-enseignant',
  National_ACA: 'non-enseignant',
  National_COL: 'non-enseignant'
}

const CATEGORY_OF: Record<AccessGroup, PronoteCategory> = {
  eleve: 1,
  parent: 2,
  enseignant: 3,
  'non-enseignant': 4,
  autre: 4
}

/** The access group of one SDET profile code; anything unknown is 'autre'. */
export function accessGroupOf (profile: string): AccessGroup {
  return GROUP_OF[profile] ?? 'autre'
}

/** The access groups of a person's profiles; a person with no profile is 'autre'. */
export function accessGroupsOf (profiles: readonly string[]): AccessGroup[] {
  if (profiles.length === 0) return ['autre']
  return [...new Set(profiles.map(accessGroupOf))]
}

/** PRONOTE categories (1 pupil, 2 parent, 3 teacher, 4 other staff) of a person, each once, ascending. */
export function pronoteCategoriesOf (profiles: readonly string[]): PronoteCategory[] {
  return [...new Set(accessGroupsOf(profiles).map((g) => CATEGORY_OF[g]))].sort((a, b) => a - b)
}
