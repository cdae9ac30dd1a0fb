import type { Person } from '../directory/Person.js'
import { frenchDate } from '../directory/parseBirthDate.js'
import { pronoteCategoriesOf } from '../directory/sdet.js'
import type { LinksReader, PronoteLink } from '../pronote/LinkStore.js'
import type { Attributes } from '../tickets/Ticket.js'
import { pronoteSpaceOf } from './pronoteSpaceOf.js'
import type { RegisteredService } from './RegisteredService.js'

// Without a space in the URL, the staff identifier comes first (docs/pronote.md).
const PREFERENCE = [3, 4, 2, 1] as const

function pickLink (links: PronoteLink[], serviceUrl: string): PronoteLink | undefined {
  const space = pronoteSpaceOf(serviceUrl)
  if (space !== undefined) return links.find((l) => l.category === space)
  for (const c of PREFERENCE) {
    const link = links.find((l) => l.category === c)
    if (link !== undefined) return link
  }
  return undefined
}

function put (out: Attributes, name: string, value: string | undefined): void {
  if (value !== undefined && value !== '') out[name] = [value]
}

/** The cas:user a service gets: its userAttribute, or the uid when the person has none. */
export function principalFor (service: RegisteredService, person: Person): string {
  return service.userAttribute === 'jointure' && person.jointure !== undefined ? person.jointure : person.uid
}

/**
 * The attributes a service receives, fixed when its ticket is issued. `pronote` release follows
 * docs/pronote.md; the PRONOTE identifier is the one linked for the service's establishment.
 */
export async function releaseAttributes (service: RegisteredService, person: Person, serviceUrl: string, links: LinksReader): Promise<Attributes> {
  const out: Attributes = {}
  if (service.attributeRelease === 'none') return out
  put(out, 'nom', person.nom)
  put(out, 'prenom', person.prenom)
  if (service.attributeRelease === 'default') {
    if (person.profiles.length > 0) out.ENTPersonProfils = [...person.profiles]
    if (person.uais.length > 0) out.ENTPersonStructRattachRNE = [...person.uais]
    return out
  }
  put(out, 'dateNaissance', person.dateNaissance === undefined ? undefined : frenchDate(person.dateNaissance))
  put(out, 'codePostal', person.codePostal)
  out.categories = [pronoteCategoriesOf(person.profiles).map((c) => `National_${c}`).join(';')]
  if (person.profiles.length > 0) out.ENTPersonProfils = [...person.profiles]
  put(out, 'ENTPersonJointure', person.jointure)
  if (service.uai !== undefined) {
    const link = pickLink(await links.linksOf(person.uid, service.uai), serviceUrl)
    put(out, service.pronoteIdAttribute, link?.idpn)
  }
  return out
}
