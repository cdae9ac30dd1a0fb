import type { Person } from '../../directory/Person.js'
import { frenchDate } from '../../directory/parseBirthDate.js'
import { KIND_NAME } from '../../pronote/ExportEntry.js'
import type { ReportEntry } from '../../pronote/ImportReport.js'
import { escapeHtml } from '../../views/escapeHtml.js'
import { consolePage, csrfField } from './consolePage.js'

export interface PersonCard {
  person: Person
  /** The names of a parent's children, when the directory names them. */
  children: string[]
}

function card (c: PersonCard, checked: boolean): string {
  const p = c.person
  const name = [p.nom, p.prenom].filter((s) => s !== undefined).join(' ') || p.uid
  const facts = [
    p.dateNaissance === undefined ? undefined : `né(e) le ${frenchDate(p.dateNaissance)}`,
    `établissement(s) : ${p.uais.join(', ') || '—'}`,
    c.children.length === 0 ? undefined : `enfant(s) : ${c.children.join(', ')}`,
    `identifiant : ${p.uid}`
  ].filter((f) => f !== undefined)
  return `<label class="candidate"><input type="radio" name="uid" value="${escapeHtml(p.uid)}"${checked ? ' checked' : ''}><span class="tile-name">${escapeHtml(name)}</span>${facts.map((f) => `<span class="tile-description">${escapeHtml(f as string)}</span>`).join('')}</label>`
}

/**
 * One entry the matching could not settle: its candidates side by side to choose from (homonyms),
 * or a search of the establishment's people (not found); leaving it unlinked is always offered.
 */
export function importEntryPage (o: { basePath: string, uid: string, csrf: string, draftId: string, step: number, entry: ReportEntry, status: 'ambiguous' | 'unmatched', cards: PersonCard[], chosen: string | undefined, q: string }): string {
  const base = `${o.basePath}/admin/imports/${o.draftId}`
  const e = o.entry
  const search = o.status === 'unmatched'
    ? `<form class="filters" method="get" action="${escapeHtml(`${base}/entrees/${e.idpn}`)}" role="search">
<label>Rechercher dans l'annuaire de l'établissement (nom ou identifiant)<input type="text" name="q" value="${escapeHtml(o.q)}"></label>
<button type="submit">Chercher</button>
</form>`
    : ''
  const choices = o.cards.length === 0
    ? (o.status === 'unmatched' && o.q !== '' ? '<p class="empty">Personne ne correspond dans l\'annuaire de l\'établissement.</p>' : '')
    : `<div class="candidates">${o.cards.map((c) => card(c, o.chosen === c.person.uid)).join('\n')}</div>`
  const body = `<p class="intro">Entrée ${escapeHtml(KIND_NAME[e.kind])} du fichier : <strong>${escapeHtml(`${e.nom} ${e.prenom}`)}</strong>, IDPN <code>${escapeHtml(e.idpn)}</code> (ligne ${e.line}). ${escapeHtml(e.reason)}.</p>
${search}
<form class="stack service-form" method="post" action="${escapeHtml(`${base}/entrees/${e.idpn}`)}">
${csrfField(o.csrf)}
<fieldset class="profiles"><legend>${o.status === 'ambiguous' ? 'Qui est cette personne ?' : 'Personne à lier'}</legend>
${choices}
<label class="profile"><input type="radio" name="uid" value=""${o.chosen === '' || (o.chosen === undefined && o.cards.length === 0) ? ' checked' : ''}> Laisser sans lien</label>
</fieldset>
<button type="submit">Enregistrer le choix</button>
</form>
<p><a href="${escapeHtml(`${base}/etapes/${o.step}`)}">Retour à l'étape ${o.step}</a></p>`
  return consolePage({ basePath: o.basePath, title: o.status === 'ambiguous' ? 'Départager des homonymes' : 'Trouver la personne', uid: o.uid, current: 'etablissements', body })
}
