import { StoredDataError } from '../errors/StoredDataError.js'
import type { HistoryEntry } from './LinkIndex.js'
import type { PronoteLink } from './LinkStore.js'

/** Whether a parsed JSON value has every field of a PronoteLink, with allowed values. */
export function isLink (v: unknown): v is PronoteLink {
  if (typeof v !== 'object' || v === null) return false
  const l = v as Record<string, unknown>
  return typeof l.uai === 'string' && typeof l.idpn === 'string' && typeof l.uid === 'string' &&
    (l.category === 1 || l.category === 2 || l.category === 3 || l.category === 4) &&
    (l.source === 'import' || l.source === 'manual') && typeof l.linkedAt === 'string'
}

/**
 * The links of pronote-links.json. A damaged file is an error, never an empty list: treating it
 * as empty would let the next write wipe every establishment's links.
 */
function isHistory (v: unknown): v is Record<string, HistoryEntry[]> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  return Object.values(v).every((entries) => Array.isArray(entries) && entries.every((e: unknown) => {
    const h = e as Partial<HistoryEntry> | null
    return typeof h?.record === 'object' && h.record !== null && typeof h.record.at === 'string' && Array.isArray(h.previous) && h.previous.every(isLink)
  }))
}

export function parseLinksFile (text: string, path: string): { links: PronoteLink[], history: Record<string, HistoryEntry[]> } {
  let data: unknown
  try { data = JSON.parse(text) } catch (err) {
    throw new StoredDataError(`${path} : fichier de liens PRONOTE illisible (${(err as Error).message})`)
  }
  const links = (data as { links?: unknown } | null)?.links
  if (!Array.isArray(links)) throw new StoredDataError(`${path} : fichier de liens PRONOTE invalide (tableau "links" attendu)`)
  const bad = links.findIndex((l) => !isLink(l))
  if (bad >= 0) throw new StoredDataError(`${path} : fichier de liens PRONOTE invalide (lien n° ${bad + 1})`)
  // Files written before import history existed have none.
  const history = (data as { history?: unknown }).history ?? {}
  if (!isHistory(history)) throw new StoredDataError(`${path} : fichier de liens PRONOTE invalide (historique des imports)`)
  return { links: links as PronoteLink[], history }
}
