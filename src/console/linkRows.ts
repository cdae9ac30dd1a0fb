import type { Directory } from '../directory/Directory.js'
import { foldName } from '../pronote/foldName.js'
import type { PronoteLink } from '../pronote/LinkStore.js'
import { PeopleIndex } from '../pronote/PeopleIndex.js'
import type { LinkRow, LinksFilter } from './views/linksPage.js'

/** The names of an establishment's people, read once per page from the directories. */
export async function namesOf (directories: readonly Directory[], uai: string): Promise<Map<string, string>> {
  const names = new Map<string, string>()
  for (const p of (await PeopleIndex.load([...directories], uai)).byUid.values()) {
    const name = [p.nom, p.prenom].filter((s) => s !== undefined).join(' ')
    if (name !== '') names.set(p.uid, name)
  }
  return names
}

/** The links the filter keeps, sorted by name then IDPN; the search folds case, accents and punctuation. */
export function filterLinks (links: readonly PronoteLink[], names: ReadonlyMap<string, string>, filter: LinksFilter): LinkRow[] {
  const q = foldName(filter.q)
  return links
    .map((l) => ({ ...l, name: names.get(l.uid) }))
    .filter((r) => filter.category === undefined || r.category === filter.category)
    .filter((r) => filter.source === undefined || r.source === filter.source)
    .filter((r) => q === '' || [r.idpn, r.uid, r.name ?? ''].some((v) => foldName(v).includes(q)))
    .sort((a, b) => (a.name ?? a.uid).localeCompare(b.name ?? b.uid, 'fr') || (a.idpn < b.idpn ? -1 : a.idpn > b.idpn ? 1 : 0))
}
