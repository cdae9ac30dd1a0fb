import { escapeHtml } from '../../views/escapeHtml.js'
import { consolePage } from './consolePage.js'

export interface EstablishmentRow {
  uai: string
  /** The name of the establishment's PRONOTE service, when one is registered. */
  name: string | undefined
  /** Links per PRONOTE category 1–4. */
  counts: [number, number, number, number]
  /** The last import: when, who, mode. */
  last: { at: string, by: string, mode: 'full' | 'partial' } | undefined
}

const lastImport = (l: EstablishmentRow['last']): string => l === undefined
  ? 'aucun'
  : `${l.at.slice(0, 10).split('-').reverse().join('/')}, ${escapeHtml(l.by)}, ${l.mode === 'full' ? 'complet' : 'partiel'}`

/** "Établissements": what the admin manages, with the people linked per category. */
export function establishmentsPage (basePath: string, uid: string, rows: readonly EstablishmentRow[]): string {
  const body = rows.length === 0
    ? '<p class="empty">Aucun établissement n\'est encore rattaché à votre compte.</p>'
    : `<p class="intro">Les identifiants PRONOTE liés aux comptes de l'ENT, par établissement.</p>
<div class="table-scroll"><table>
<caption class="visually-hidden">Établissements administrés</caption>
<thead><tr><th scope="col">Établissement</th><th scope="col" class="num">Élèves</th><th scope="col" class="num">Parents</th><th scope="col" class="num">Enseignants</th><th scope="col" class="num">Personnels</th><th scope="col">Dernier import</th><th scope="col">Actions</th></tr></thead>
<tbody>
${rows.map((r) => `<tr><th scope="row">${escapeHtml(r.uai)}${r.name === undefined ? '' : `<br><small>${escapeHtml(r.name)}</small>`}</th>${r.counts.map((n) => `<td class="num">${n}</td>`).join('')}<td>${lastImport(r.last)}</td><td>${[['import', 'Importer', 'pour'], ['liens', 'Liens', 'de'], ['historique', 'Historique', 'de']].map(([path, label, of]) => `<a href="${escapeHtml(`${basePath}/admin/etablissements/${r.uai}/${path as string}`)}">${label as string}<span class="visually-hidden"> ${of as string} ${escapeHtml(r.uai)}</span></a>`).join(' · ')}</td></tr>`).join('\n')}
</tbody></table></div>`
  return consolePage({ basePath, title: 'Établissements', uid, current: 'etablissements', body })
}
