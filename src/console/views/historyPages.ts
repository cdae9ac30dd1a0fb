import type { ImportRecord } from '../../pronote/ImportRecord.js'
import { escapeHtml } from '../../views/escapeHtml.js'
import { consolePage, csrfField } from './consolePage.js'
import { changeLists, entryCountsTable, entryLine, linkChangesTable } from './reportTables.js'

const MODE = { full: 'complet', partial: 'partiel' } as const
const when = (at: string): string => `${at.slice(0, 10).split('-').reverse().join('/')} ${at.slice(11, 16)} UTC`

/** "Historique": every import kept, newest first, with its bilan and the undo of the last one. */
export function historyPage (o: { basePath: string, uid: string, csrf: string, uai: string, records: readonly ImportRecord[], notice?: string, confirmUndo: boolean }): string {
  const base = `${o.basePath}/admin/etablissements/${o.uai}`
  const rows = o.records.map((r, i) => `<tr><th scope="row">${escapeHtml(when(r.at))}</th><td>${escapeHtml(r.by)}</td><td>${MODE[r.mode]}</td><td>${escapeHtml(r.fileName ?? '—')}</td><td class="num">${r.counts.created}</td><td class="num">${r.counts.changed}</td><td class="num">${r.counts.removed}</td><td>${r.report === undefined ? '—' : `<a href="${escapeHtml(`${base}/historique/${i}`)}">Bilan<span class="visually-hidden"> du ${escapeHtml(when(r.at))}</span></a>`}</td></tr>`).join('\n')
  const undo = o.records.length === 0
    ? ''
    : `<h2>Annuler le dernier import</h2>
<p>Les liens de l'établissement redeviennent ceux d'avant l'import du ${escapeHtml(when((o.records[0] as ImportRecord).at))} (les liens faits à la main depuis partent avec lui). Votre mot de passe vous sera demandé.</p>
<form class="inline" method="post" action="${escapeHtml(`${base}/historique/annulation`)}">${csrfField(o.csrf)}<button type="submit"${o.confirmUndo ? ' autofocus' : ''}>${o.confirmUndo ? 'Confirmer l\'annulation' : 'Annuler le dernier import'}</button></form>`
  const body = `${o.notice === undefined ? '' : `<p class="notice" role="status">${escapeHtml(o.notice)}</p>\n`}${o.records.length === 0 ? '<p class="empty">Aucun import enregistré pour cet établissement.</p>' : `<div class="table-scroll"><table>
<caption class="visually-hidden">Imports de ${escapeHtml(o.uai)}</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Par</th><th scope="col">Mode</th><th scope="col">Fichier</th><th scope="col" class="num">Créés</th><th scope="col" class="num">Modifiés</th><th scope="col" class="num">Supprimés</th><th scope="col">Bilan</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>`}
${undo}
<p><a class="button" href="${escapeHtml(`${base}/import`)}">Importer les identifiants PRONOTE</a> <a class="button secondary" href="${escapeHtml(`${base}/liens`)}">Liens</a></p>`
  return consolePage({ basePath: o.basePath, title: `Historique des imports — ${o.uai}`, uid: o.uid, current: 'etablissements', body })
}

/** "Bilan d'import": counts per category and the lists, as saved with the import. */
export function bilanPage (o: { basePath: string, uid: string, uai: string, index: number, record: ImportRecord & { report: NonNullable<ImportRecord['report']> }, notice?: string }): string {
  const r = o.record.report
  const base = `${o.basePath}/admin/etablissements/${o.uai}`
  const list = (title: string, entries: typeof r.unmatched): string => entries.length === 0 ? '' : `<h2>${escapeHtml(title)} (${entries.length})</h2>\n<ul>${entries.map((e) => `<li>${entryLine(e)}</li>`).join('')}</ul>`
  const body = `${o.notice === undefined ? '' : `<p class="notice" role="status">${escapeHtml(o.notice)}</p>\n`}<p class="intro">Import ${MODE[o.record.mode]} du ${escapeHtml(when(o.record.at))} par ${escapeHtml(o.record.by)} — fichier ${escapeHtml(o.record.fileName ?? '—')} (SHA-256 <code>${escapeHtml(o.record.sha256.slice(0, 16))}…</code>).</p>
<p><a class="button" href="${escapeHtml(`${base}/liens.csv`)}">CSV pour PRONOTE (colonne « Identifiant CAS »)</a> <a class="button secondary" href="${escapeHtml(`${base}/historique/${o.index}/bilan.csv`)}">Télécharger le bilan (CSV)</a></p>
${entryCountsTable(r)}
${linkChangesTable(r)}
${changeLists(r)}
${list('Homonymes laissés sans lien', r.ambiguous)}
${list('Personnes non trouvées', r.unmatched)}
${list('Entrées ignorées', r.ignored)}
${r.nextSteps.length === 0 ? '' : `<h2>À faire ensuite</h2>\n<ol>${r.nextSteps.map((s) => `<li>${escapeHtml(s.text)}</li>`).join('')}</ol>`}
<p><a href="${escapeHtml(`${base}/historique`)}">Historique des imports</a></p>`
  return consolePage({ basePath: o.basePath, title: `Bilan d'import — ${o.uai}`, uid: o.uid, current: 'etablissements', body })
}
