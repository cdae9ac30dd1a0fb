import { KIND_NAME } from '../pronote/ExportEntry.js'
import type { ImportReport } from '../pronote/ImportReport.js'

const cell = (v: string): string => /[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v

/**
 * The "Bilan d'import" as CSV (semicolons and CRLF, as French spreadsheets expect): one row per
 * entry left unlinked or ignored and per link removed or changed, so a school can work through it.
 */
export function bilanCsv (r: ImportReport): string {
  const rows: string[][] = [['Catégorie', 'IDPN', 'Nom', 'Prénom', 'Résultat', 'Détail']]
  for (const e of r.ambiguous) rows.push([KIND_NAME[e.kind], e.idpn, e.nom, e.prenom, 'ambigu', e.reason])
  for (const e of r.unmatched) rows.push([KIND_NAME[e.kind], e.idpn, e.nom, e.prenom, 'non trouvé', e.reason])
  for (const e of r.ignored) rows.push([KIND_NAME[e.kind], e.idpn, e.nom, e.prenom, 'ignoré', e.reason])
  for (const c of r.changes.removed) rows.push([KIND_NAME[c.kind], c.idpn, c.name ?? '', '', 'lien supprimé', `${c.uid} (${c.source === 'manual' ? 'fait à la main' : 'import'})`])
  for (const c of r.changes.changed) rows.push([KIND_NAME[c.kind], c.idpn, c.name ?? '', '', 'lien modifié', `${c.uid} → ${c.to?.uid ?? ''} ${c.to?.idpn ?? ''}`.trim()])
  return rows.map((row) => row.map(cell).join(';')).join('\r\n') + '\r\n'
}
