import type { PronoteLink } from './LinkStore.js'

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

  constructor (links: Iterable<PronoteLink> = []) {
    for (const l of links) this.put(copy(l))
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
