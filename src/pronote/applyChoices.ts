import { pronoteCategoriesOf } from '../directory/sdet.js'
import { CATEGORY_OF } from './ExportEntry.js'
import type { MatchContext, Outcome } from './matchEntries.js'

/**
 * The admin's decisions for entries the matching rules could not settle (the console's import
 * wizard): IDPN → the uid chosen among the candidates or found by a search, or '' to leave the
 * entry unlinked. A choice must name a person of the establishment who holds the entry's
 * category; otherwise the entry stays as it was, saying why. A chosen link counts as made by hand.
 */
export type ImportChoices = Readonly<Record<string, string>>

export function applyChoices (outcomes: Outcome[], choices: ImportChoices | undefined, ctx: MatchContext): Outcome[] {
  if (choices === undefined) return outcomes
  const taken = new Set(outcomes.flatMap((o) => 'link' in o ? [`${o.link.uid}:${o.link.category}`] : []))
  return outcomes.map((o) => {
    if (o.status !== 'ambiguous' && o.status !== 'unmatched') return o
    const uid = choices[o.entry.idpn]
    if (uid === undefined || uid === '') return o
    const category = CATEGORY_OF[o.entry.kind]
    const person = ctx.people.byUid.get(uid)
    if (person === undefined) return { ...o, reason: `choix refusé : ${uid} n'est pas une personne de l'établissement` }
    if (!pronoteCategoriesOf(person.profiles).includes(category)) return { ...o, reason: `choix refusé : ${uid} n'a pas le profil de cette catégorie` }
    if (taken.has(`${uid}:${category}`)) return { ...o, reason: `choix refusé : ${uid} a déjà un identifiant dans cette catégorie` }
    taken.add(`${uid}:${category}`)
    return { entry: o.entry, status: 'matched', person, link: { uai: ctx.uai, idpn: o.entry.idpn, uid, category, source: 'manual', linkedAt: ctx.now } }
  })
}
