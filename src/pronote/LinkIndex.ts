import { HISTORY_LENGTH, type ImportRecord } from './ImportRecord.js'
import type { PronoteLink } from './LinkStore.js'

/** One import of an establishment's history, with the link set it replaced (for undo). */
export interface HistoryEntry {
  record: ImportRecord
  previous: PronoteLink[]
}

const copy = (link: PronoteLink): PronoteLink => ({ ...link })

/** Links given for one establishment must all name it: an import never touches another one. */
export function checkLinks (uai: string, links: PronoteLink[]): string {
  const wanted = uai.toUpperCase()
  for (const l of links) {
    if (l.uai.toUpperCase() !== wanted) throw new Error(`lien ${l.idpn} de l'établissement ${l.uai} donné pour ${wanted}`)
  }
  return wanted
}

/**
 * Links in memory, indexed by establishment and IDPN, and by `uid|uai` for linksOf (the hot
 * path). The state of MemoryLinkStore and FileLinkStore; not itself concurrent-safe.
 */
export class LinkIndex {
  private readonly byUai = new Map<string, Map<string, PronoteLink>>()
  private readonly byPerson = new Map<string, PronoteLink[]>()
  /** Imports by establishment, newest first. */
  private readonly history = new Map<string, HistoryEntry[]>()

  constructor (links: Iterable<PronoteLink> = [], history: Record<string, HistoryEntry[]> = {}) {
    for (const l of links) this.put(copy(l))
    // History entries are never changed once recorded: a new index shares them rather than copy
    // every establishment's five previous link sets on each write.
    for (const [uai, entries] of Object.entries(history)) this.history.set(uai.toUpperCase(), [...entries])
  }

  linksOf (uid: string, uai: string): PronoteLink[] {
    return (this.byPerson.get(`${uid}|${uai.toUpperCase()}`) ?? []).map(copy)
  }

  list (uai: string): PronoteLink[] {
    return [...(this.byUai.get(uai.toUpperCase())?.values() ?? [])].map(copy)
  }

  /** UAIs holding at least one link, sorted (remove leaves empty maps behind). */
  establishments (): string[] {
    return [...this.byUai].filter(([, m]) => m.size > 0).map(([uai]) => uai).sort()
  }

  all (): PronoteLink[] {
    return [...this.byUai.values()].flatMap((m) => [...m.values()])
  }

  /** Every establishment's history, for saving. */
  allHistory (): Record<string, HistoryEntry[]> {
    return Object.fromEntries(this.history)
  }

  records (uai: string): ImportRecord[] {
    return (this.history.get(uai.toUpperCase()) ?? []).map((h) => structuredClone(h.record))
  }

  /** Checks first, then writes the links and records the import with the set it replaced. */
  commit (uai: string, links: PronoteLink[], record: ImportRecord): void {
    const wanted = checkLinks(uai, links)
    const entry: HistoryEntry = { record: structuredClone(record), previous: this.list(wanted) }
    if (record.mode === 'full') this.replace(wanted, links)
    else this.add(wanted, links)
    this.history.set(wanted, [entry, ...(this.history.get(wanted) ?? [])].slice(0, HISTORY_LENGTH))
  }

  undo (uai: string): ImportRecord | undefined {
    const wanted = uai.toUpperCase()
    const [last, ...rest] = this.history.get(wanted) ?? []
    if (last === undefined) return undefined
    this.replace(wanted, last.previous)
    if (rest.length === 0) this.history.delete(wanted)
    else this.history.set(wanted, rest)
    return structuredClone(last.record)
  }

  replace (uai: string, links: PronoteLink[]): void {
    const wanted = checkLinks(uai, links)
    for (const idpn of [...(this.byUai.get(wanted)?.keys() ?? [])]) this.remove(wanted, idpn)
    for (const l of links) this.put({ ...l, uai: wanted })
  }

  add (uai: string, links: PronoteLink[]): void {
    const wanted = checkLinks(uai, links)
    for (const l of links) this.put({ ...l, uai: wanted })
  }

  remove (uai: string, idpn: string): boolean {
    const wanted = uai.toUpperCase()
    const old = this.byUai.get(wanted)?.get(idpn)
    if (old === undefined) return false
    this.byUai.get(wanted)?.delete(idpn)
    const personKey = `${old.uid}|${wanted}`
    const rest = (this.byPerson.get(personKey) ?? []).filter((l) => l.idpn !== idpn)
    if (rest.length === 0) this.byPerson.delete(personKey)
    else this.byPerson.set(personKey, rest)
    return true
  }

  private put (link: PronoteLink): void {
    const uai = link.uai.toUpperCase()
    this.remove(uai, link.idpn)
    let links = this.byUai.get(uai)
    if (links === undefined) this.byUai.set(uai, links = new Map())
    links.set(link.idpn, link)
    const personKey = `${link.uid}|${uai}`
    this.byPerson.set(personKey, [...(this.byPerson.get(personKey) ?? []), link])
  }
}
