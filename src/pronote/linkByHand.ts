import type { Directory } from '../directory/Directory.js'
import type { Person } from '../directory/Person.js'
import { pronoteCategoriesOf } from '../directory/sdet.js'
import { isPronoteIdpn } from './identifiers.js'
import type { ImportRecord } from './ImportRecord.js'
import { LinkRuleError } from './LinkRuleError.js'
import type { LinkStore, PronoteCategory, PronoteLink } from './LinkStore.js'

export interface LinkByHandInput {
  uai: string
  idpn: string
  uid: string
  category: PronoteCategory
  /** Take the IDPN from the person it is linked to now, instead of refusing. */
  move?: boolean
  /** Who makes the link (the admin's sub, the OS user): for the caller's audit line. */
  by?: string
}

const CATEGORY_NAME: Record<PronoteCategory, string> = { 1: 'élève (1)', 2: 'responsable (2)', 3: 'professeur (3)', 4: 'personnel (4)' }
const normalise = (ref: string): string => ref.toLowerCase().replace(/\s*([,=])\s*/g, '$1').trim()

/** The establishment's people, read once: the person to link, and its pupils for a parent's children. */
async function peopleOf (directories: readonly Directory[], uai: string): Promise<Map<string, Person>> {
  const people = new Map<string, Person>()
  for (const d of directories) {
    for await (const p of d.peopleOf(uai)) if (!people.has(p.uid)) people.set(p.uid, p)
  }
  return people
}

function hasChildIn (parent: Person, people: Map<string, Person>): boolean {
  const pupils = new Set<string>()
  for (const p of people.values()) {
    if (!p.profiles.includes('National_ELV')) continue
    pupils.add(normalise(p.uid))
    if (p.dn !== undefined) pupils.add(normalise(p.dn))
  }
  return parent.children.some((c) => pupils.has(normalise(c)))
}

/**
 * The IDPN's category in the establishment's last import. A partial import's file holds only the
 * new arrivals, so the imports back to the last full one count together.
 */
function knownCategory (history: readonly ImportRecord[], idpn: string): PronoteCategory | undefined {
  for (const r of history) {
    const category = r.idpns[idpn]
    if (category !== undefined) return category
    if (r.mode === 'full') return undefined
  }
  return undefined
}

/**
 * Links an IDPN to a person by hand, under the rules every caller shares (admin API, command
 * line, console): the IDPN has PRONOTE's shape and, once the establishment has been imported, is
 * one of its last import's, in that category; the person belongs to the establishment (a parent
 * through a child who is a pupil there) and holds the category by their profiles; an IDPN linked
 * to someone else moves only when asked; a person keeps one IDPN per category. Throws
 * LinkRuleError naming the rule, and changes nothing then.
 */
export async function linkByHand (deps: { links: LinkStore, directories: readonly Directory[] }, input: LinkByHandInput): Promise<PronoteLink> {
  const uai = input.uai.toUpperCase()
  const { idpn, uid, category } = input
  if (!isPronoteIdpn(idpn)) {
    throw new LinkRuleError(422, 'IDPN_SHAPE', `IDPN « ${idpn.slice(0, 70)} » refusé : PRONOTE donne 16 lettres majuscules et chiffres (ex. A8BT6EGHDW3QFPXC)`)
  }
  const people = await peopleOf(deps.directories, uai)
  const person = people.get(uid)
  // A typo in a uid would make a link nobody ever uses.
  if (person === undefined) throw new LinkRuleError(404, 'PERSON_NOT_FOUND', `Aucune personne « ${uid} » dans les annuaires pour l'établissement ${uai}`)
  const held = pronoteCategoriesOf(person.profiles)
  if (!held.includes(category)) {
    throw new LinkRuleError(422, 'CATEGORY_NOT_HELD', `${uid} n'est pas ${CATEGORY_NAME[category]} d'après ses profils (${person.profiles.join(', ') || 'aucun'}) : catégorie(s) possible(s) ${held.map((c) => CATEGORY_NAME[c]).join(', ')}`)
  }
  if (category === 2 && !hasChildIn(person, people)) {
    throw new LinkRuleError(422, 'NO_CHILD_HERE', `${uid} n'a aucun enfant élève de l'établissement ${uai} : un responsable est lié par ses enfants`)
  }
  const history = await deps.links.importHistory(uai)
  const last = history[0]
  const was = knownCategory(history, idpn)
  if (last !== undefined && was !== category) {
    throw new LinkRuleError(409, 'IDPN_NOT_IN_LAST_IMPORT', was === undefined
      ? `L'IDPN ${idpn} ne figure pas dans le dernier import de l'établissement ${uai} (${last.at.slice(0, 10)}) : vérifiez-le ou importez d'abord le nouvel export`
      : `L'IDPN ${idpn} est celui d'un ${CATEGORY_NAME[was]} dans le dernier import de l'établissement ${uai}, pas d'un ${CATEGORY_NAME[category]}`)
  }
  const current = (await deps.links.listEstablishment(uai)).find((l) => l.idpn === idpn)
  if (current !== undefined && current.uid !== uid && input.move !== true) {
    throw new LinkRuleError(409, 'IDPN_TAKEN', `L'IDPN ${idpn} est déjà lié à ${current.uid} : demandez explicitement de le déplacer (move) si c'est une erreur`)
  }
  // PRONOTE gives one identifier per person and category: a second one would make the one a
  // ticket carries depend on the order of the links. The admin unlinks the old one first.
  const other = (await deps.links.linksOf(uid, uai)).find((l) => l.category === category && l.idpn !== idpn)
  if (other !== undefined) {
    throw new LinkRuleError(409, 'ALREADY_LINKED', `${uid} a déjà l'identifiant ${other.idpn} dans cette catégorie pour l'établissement ${uai} : supprimez ce lien d'abord`)
  }
  const link: PronoteLink = { uai, idpn, uid, category, source: 'manual', linkedAt: new Date().toISOString() }
  // addLinks replaces the link of the same IDPN in one step: a move never leaves it linked twice.
  await deps.links.addLinks(uai, [link])
  return link
}
