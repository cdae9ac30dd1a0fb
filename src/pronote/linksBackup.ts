import { isIdpn, isUai } from './identifiers.js'
import type { LinkStore, PronoteLink } from './LinkStore.js'
import { isLink } from './parseLinksFile.js'

export const LINKS_BACKUP_FORMAT = 'sesame-pronote-links-backup'
export const LINKS_BACKUP_VERSION = 1

/** Every establishment's links in one JSON document (`sesame links export`). */
export interface LinksBackup {
  format: typeof LINKS_BACKUP_FORMAT
  version: typeof LINKS_BACKUP_VERSION
  /** ISO 8601 date of the export. */
  exportedAt: string
  /** Sorted by UAI; each establishment's links sorted by IDPN, so two backups diff well. */
  establishments: Array<{ uai: string, links: PronoteLink[] }>
}

/** A backup file that cannot be restored: the message names the first problem, in French. */
export class LinksBackupError extends Error {
  override readonly name = 'LinksBackupError'
}

const byIdpn = (a: PronoteLink, b: PronoteLink): number => a.idpn < b.idpn ? -1 : a.idpn > b.idpn ? 1 : 0

/**
 * Reads every establishment's links. Each establishment is read in one command (consistent on
 * its own); establishments are read one after the other, not as one snapshot.
 */
export async function backupLinks (store: LinkStore, now = new Date()): Promise<LinksBackup> {
  const establishments: LinksBackup['establishments'] = []
  for (const uai of await store.establishments()) {
    const links = (await store.listEstablishment(uai)).sort(byIdpn)
    if (links.length > 0) establishments.push({ uai, links })
  }
  return { format: LINKS_BACKUP_FORMAT, version: LINKS_BACKUP_VERSION, exportedAt: now.toISOString(), establishments }
}

function fail (message: string): never {
  throw new LinksBackupError(message)
}

/**
 * Checks a whole backup before anything is restored: format and version, valid and distinct
 * UAIs, complete links naming their establishment, no IDPN twice in one establishment. Throws
 * LinksBackupError naming the first problem; returns the establishments with upper-case UAIs.
 */
export function parseLinksBackup (text: string): LinksBackup {
  let data: unknown
  try { data = JSON.parse(text) } catch (err) { fail(`JSON illisible (${(err as Error).message})`) }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail('objet JSON attendu')
  const doc = data as Record<string, unknown>
  if (doc.format !== LINKS_BACKUP_FORMAT) fail(`champ "format" : « ${LINKS_BACKUP_FORMAT} » attendu (ce n'est pas une sauvegarde de liens Sésame)`)
  if (doc.version !== LINKS_BACKUP_VERSION) fail(`version ${JSON.stringify(doc.version)} non prise en charge (${LINKS_BACKUP_VERSION} attendue)`)
  if (!Array.isArray(doc.establishments)) fail('champ "establishments" : tableau attendu')
  const seen = new Set<string>()
  const establishments = doc.establishments.map((raw: unknown, i: number) => {
    const where = `établissement n° ${i + 1}`
    const e = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
    if (typeof e.uai !== 'string' || !isUai(e.uai)) fail(`${where} : UAI ${JSON.stringify(e.uai)} invalide (7 chiffres et une lettre attendus)`)
    const uai = e.uai.toUpperCase()
    if (seen.has(uai)) fail(`${where} : ${uai} figure deux fois`)
    seen.add(uai)
    if (!Array.isArray(e.links)) fail(`${where} (${uai}) : champ "links" : tableau attendu`)
    const idpns = new Set<string>()
    const links = e.links.map((l: unknown, j: number) => {
      const at = `${where} (${uai}), lien n° ${j + 1}`
      if (!isLink(l)) fail(`${at} : champ manquant ou invalide (uai, idpn, uid, category 1 à 4, source import|manual, linkedAt)`)
      if (!isIdpn(l.idpn)) fail(`${at} : IDPN « ${l.idpn.slice(0, 70)} » invalide`)
      if (l.uid.trim() === '') fail(`${at} : uid vide`)
      if (l.uai.toUpperCase() !== uai) fail(`${at} : lien de l'établissement ${l.uai} rangé sous ${uai}`)
      if (idpns.has(l.idpn)) fail(`${at} : IDPN ${l.idpn} en double`)
      idpns.add(l.idpn)
      return { uai, idpn: l.idpn, uid: l.uid, category: l.category, source: l.source, linkedAt: l.linkedAt }
    })
    return { uai, links }
  })
  return { format: LINKS_BACKUP_FORMAT, version: LINKS_BACKUP_VERSION, exportedAt: typeof doc.exportedAt === 'string' ? doc.exportedAt : '', establishments }
}
