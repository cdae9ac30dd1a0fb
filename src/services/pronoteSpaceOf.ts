import type { PronoteCategory } from '../pronote/LinkStore.js'

const SPACES: Record<string, PronoteCategory> = {
  eleve: 1,
  parent: 2,
  professeur: 3,
  viescolaire: 4,
  direction: 4
}

/**
 * The PRONOTE category a service URL names through its space (`…/pronote/parent.html`,
 * `…/pronote/mobile.eleve.html?fd=1`), or undefined when it names none.
 */
export function pronoteSpaceOf (serviceUrl: string): PronoteCategory | undefined {
  const path = serviceUrl.split(/[?#]/, 1)[0] as string
  const m = /\/(?:mobile\.)?(eleve|parent|professeur|viescolaire|direction)\.html$/i.exec(path)
  return m === null ? undefined : SPACES[(m[1] as string).toLowerCase()]
}
