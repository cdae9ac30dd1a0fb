import type { Directory } from '../directory/Directory.js'
import { LinkRuleError } from './LinkRuleError.js'
import type { LinkStore, PronoteCategory, PronoteLink } from './LinkStore.js'

export interface LinkByHandInput {
  uai: string
  idpn: string
  uid: string
  category: PronoteCategory
  /** Replace the identifier the person already holds in this category instead of refusing. */
  move?: boolean
  /** Who made the link (for the history); not used by these rules yet. */
  by?: string
}

async function personExists (directories: readonly Directory[], uai: string, uid: string): Promise<boolean> {
  for (const d of directories) {
    for await (const p of d.peopleOf(uai)) if (p.uid === uid) return true
  }
  return false
}

/**
 * Links an IDPN to a person by hand (admin API and `sesame links link`), under the manual-link
 * rules: the person must belong to the establishment, and holds one identifier per category.
 * Throws LinkRuleError when a rule refuses; changes nothing then.
 */
export async function linkByHand (deps: { links: LinkStore, directories: readonly Directory[] }, input: LinkByHandInput): Promise<PronoteLink> {
  const uai = input.uai.toUpperCase()
  const { idpn, uid, category } = input
  // A typo in a uid would make a link nobody ever uses: the person must belong to the establishment.
  if (!await personExists(deps.directories, uai, uid)) {
    throw new LinkRuleError(404, 'PERSON_NOT_FOUND', `Aucune personne « ${uid} » dans les annuaires pour l'établissement ${uai}`)
  }
  // PRONOTE gives one identifier per person and category: a second one would make the one a
  // ticket carries depend on the order of the links. The admin unlinks the old one first, or moves.
  const held = (await deps.links.linksOf(uid, uai)).find((l) => l.category === category && l.idpn !== idpn)
  if (held !== undefined && input.move !== true) {
    throw new LinkRuleError(409, 'ALREADY_LINKED', `${uid} a déjà l'identifiant ${held.idpn} dans cette catégorie pour l'établissement ${uai} : supprimez ce lien d'abord`)
  }
  const link: PronoteLink = { uai, idpn, uid, category, source: 'manual', linkedAt: new Date().toISOString() }
  await deps.links.addLinks(uai, [link])
  // The new link is in place before the old one goes: a failure in between leaves one link too
  // many, which the next attempt removes, rather than none.
  if (held !== undefined) await deps.links.unlink(uai, held.idpn)
  return link
}
