import type { Directory } from '../directory/Directory.js'
import { LinkRuleError } from './LinkRuleError.js'
import type { LinkStore, PronoteCategory, PronoteLink } from './LinkStore.js'

export interface LinkByHandInput { uai: string, idpn: string, uid: string, category: PronoteCategory, move?: boolean, by?: string }

async function personExists (directories: readonly Directory[], uai: string, uid: string): Promise<boolean> {
  for (const d of directories) {
    for await (const p of d.peopleOf(uai)) if (p.uid === uid) return true
  }
  return false
}

/** Links an IDPN to a person by hand, for the API, the command line and the console alike. */
export async function linkByHand (deps: { links: LinkStore, directories: readonly Directory[] }, input: LinkByHandInput): Promise<PronoteLink> {
  const { uai, idpn, uid, category } = input
  if (!await personExists(deps.directories, uai, uid)) throw new LinkRuleError(404, 'PERSON_NOT_FOUND', `Aucune personne « ${uid} » dans les annuaires pour l'établissement ${uai}`)
  const held = (await deps.links.linksOf(uid, uai)).find((l) => l.category === category && l.idpn !== idpn)
  if (held !== undefined) {
    throw new LinkRuleError(409, 'ALREADY_LINKED', `${uid} a déjà l'identifiant ${held.idpn} dans cette catégorie pour l'établissement ${uai} : supprimez ce lien d'abord`)
  }
  const link: PronoteLink = { uai, idpn, uid, category, source: 'manual', linkedAt: new Date().toISOString() }
  await deps.links.addLinks(uai, [link])
  return link
}
