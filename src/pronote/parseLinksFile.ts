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
export function parseLinksFile (text: string, path: string): PronoteLink[] {
  let data: unknown
  try { data = JSON.parse(text) } catch (err) {
    throw new Error(`${path} : fichier de liens PRONOTE illisible (${(err as Error).message})`)
  }
  const links = (data as { links?: unknown } | null)?.links
  if (!Array.isArray(links)) throw new Error(`${path} : fichier de liens PRONOTE invalide (tableau "links" attendu)`)
  const bad = links.findIndex((l) => !isLink(l))
  if (bad >= 0) throw new Error(`${path} : fichier de liens PRONOTE invalide (lien n° ${bad + 1})`)
  return links as PronoteLink[]
}
