import { KIND_LABEL, KINDS, type EntryKind } from '../../pronote/ExportEntry.js'
import type { ImportReport, ReportEntry } from '../../pronote/ImportReport.js'
import { escapeHtml } from '../../views/escapeHtml.js'

const COUNTS: Array<[keyof ImportReport['totals'], string]> = [['read', 'Lues'], ['matched', 'Rapprochées'], ['alreadyLinked', 'Déjà liées'], ['ambiguous', 'Ambiguës'], ['unmatched', 'Non trouvées'], ['skipped', 'Ignorées']]
const CHANGES: Array<[keyof ImportReport['changes']['totals'], string]> = [['created', 'Créés'], ['unchanged', 'Inchangés'], ['changed', 'Modifiés'], ['removed', 'Supprimés']]

const table = (caption: string, head: string[], rows: string[][]): string => `<div class="table-scroll"><table>
<caption>${escapeHtml(caption)}</caption>
<thead><tr>${head.map((h, i) => `<th scope="col"${i > 0 ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows.map((r) => `<tr><th scope="row">${escapeHtml(r[0] as string)}</th>${r.slice(1).map((c) => `<td class="num">${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')}
</tbody></table></div>`

/** Entries per category: read, matched, already linked, ambiguous, unmatched, ignored. */
export function entryCountsTable (r: ImportReport, kinds: readonly EntryKind[] = KINDS): string {
  const rows = kinds.map((k) => [KIND_LABEL[k], ...COUNTS.map(([key]) => String(r.counts[k][key]))])
  if (kinds.length > 1) rows.push(['Total', ...COUNTS.map(([key]) => String(r.totals[key]))])
  return table('Entrées du fichier', ['Catégorie', ...COUNTS.map(([, l]) => l)], rows)
}

/** Links per category: created, unchanged, changed, removed. */
export function linkChangesTable (r: ImportReport, kinds: readonly EntryKind[] = KINDS): string {
  const rows = kinds.map((k) => [KIND_LABEL[k], ...CHANGES.map(([key]) => String(r.changes.counts[k][key]))])
  if (kinds.length > 1) rows.push(['Total', ...CHANGES.map(([key]) => String(r.changes.totals[key]))])
  return table('Liens', ['Catégorie', ...CHANGES.map(([, l]) => l)], rows)
}

/** The removed and changed links, with how each was made. */
export function changeLists (r: ImportReport, kinds: readonly EntryKind[] = KINDS): string {
  const removed = r.changes.removed.filter((c) => kinds.includes(c.kind))
  const changed = r.changes.changed.filter((c) => kinds.includes(c.kind))
  const who = (c: { uid: string, name?: string }): string => `${c.name ?? ''} (${c.uid})`.trim()
  const how = (source: string): string => source === 'manual' ? 'lien fait à la main' : 'lien d\'import'
  return [
    removed.length === 0 ? '' : `<h3>Liens supprimés (${removed.length})</h3>\n<ul>${removed.map((c) => `<li><code>${escapeHtml(c.idpn)}</code> ${escapeHtml(who(c))}, ${how(c.source)}</li>`).join('')}</ul>`,
    changed.length === 0 ? '' : `<h3>Liens modifiés (${changed.length})</h3>\n<ul>${changed.map((c) => `<li><code>${escapeHtml(c.idpn)}</code> ${escapeHtml(who(c))} → ${escapeHtml(c.to === undefined ? '' : `${c.to.idpn} ${who(c.to)}`)}, ${how(c.source)}</li>`).join('')}</ul>`
  ].filter((s) => s !== '').join('\n')
}

/** One entry as lists show it: IDPN, name, line, why. */
export function entryLine (e: ReportEntry): string {
  return `<code>${escapeHtml(e.idpn)}</code> ${escapeHtml(`${e.nom} ${e.prenom}`)} <small>(ligne ${e.line})</small> — ${escapeHtml(e.reason)}${e.elsewhere === undefined || e.elsewhere.length === 0 ? '' : ` <small>(rattaché à l'établissement ${escapeHtml(e.elsewhere.join(', '))})</small>`}`
}
