import { KIND_LABEL, KIND_NAME, KINDS } from './ExportEntry.js'
import type { ImportReport, KindCounts, ReportEntry } from './ImportReport.js'

const COLUMNS: Array<[keyof KindCounts, string]> = [
  ['read', 'lues'], ['matched', 'rapprochées'], ['alreadyLinked', 'déjà liées'], ['ambiguous', 'ambiguës'],
  ['unmatched', 'non trouvées'], ['skipped', 'ignorées']
]

function row (label: string, c: KindCounts): string {
  return label.padEnd(14) + COLUMNS.map(([k, title]) => String(c[k]).padStart(title.length + 2)).join('')
}

function entryLine (e: ReportEntry): string {
  const who = e.candidates.length > 0 ? ` (${e.candidates.join(', ')})` : ''
  return `  - ${e.idpn}  ${e.nom} ${e.prenom}, ${KIND_NAME[e.kind]} (ligne ${e.line}) : ${e.reason}${who}`
}

/** The report as French text, for the terminal. */
export function formatReport (r: ImportReport): string {
  const lines = [
    `Import PRONOTE ${r.mode === 'full' ? 'complet' : 'partiel'} — établissement ${r.uai}${r.establishmentName === undefined ? '' : ` (${r.establishmentName})`}`,
    r.dryRun
      ? 'Simulation : aucun lien n\'a été enregistré.'
      : r.mode === 'full'
        ? `${r.linksWritten} lien(s) enregistré(s) ; ils remplacent les liens précédents de l'établissement.`
        : `${r.linksWritten} lien(s) ajouté(s) ; les liens existants sont conservés.`,
    '',
    ''.padEnd(14) + COLUMNS.map(([, title]) => `  ${title}`).join(''),
    ...KINDS.map((k) => row(KIND_LABEL[k], r.counts[k])),
    row('total', r.totals)
  ]
  if (r.ambiguous.length > 0) lines.push('', `Entrées ambiguës, à lier à la main (${r.ambiguous.length}) :`, ...r.ambiguous.map(entryLine))
  if (r.unmatched.length > 0) lines.push('', `Entrées non trouvées dans l'annuaire (${r.unmatched.length}) :`, ...r.unmatched.map(entryLine))
  return lines.join('\n') + '\n'
}
