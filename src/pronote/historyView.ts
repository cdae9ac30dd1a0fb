import type { ImportRecord } from './ImportRecord.js'

/** An import as the history lists it: the record without the file's IDPNs (only how many) nor its full report. */
export type ImportHistoryItem = Omit<ImportRecord, 'idpns' | 'report'> & { entries: number }

export function historyView (record: ImportRecord): ImportHistoryItem {
  const { idpns, report: _report, ...rest } = record
  return { ...rest, entries: Object.keys(idpns).length }
}

const MODE = { full: 'complet', partial: 'partiel' } as const

/** One line per import, newest first, in French for the terminal. */
export function formatHistory (uai: string, records: readonly ImportRecord[]): string {
  if (records.length === 0) return `Aucun import enregistré pour l'établissement ${uai}.\n`
  const lines = records.map((r, i) => {
    const c = r.counts
    return `${i + 1}. ${r.at.replace('T', ' ').slice(0, 19)} UTC — ${r.by} — import ${MODE[r.mode]} — ${r.fileName ?? '(fichier envoyé)'} ` +
      `(SHA-256 ${r.sha256}) — ${Object.keys(r.idpns).length} entrée(s) ; liens : ${c.created} créé(s), ${c.unchanged} inchangé(s), ${c.changed} modifié(s), ${c.removed} supprimé(s)`
  })
  return [`Imports de l'établissement ${uai} (le plus récent d'abord ; --undo annule le n° 1) :`, ...lines].join('\n') + '\n'
}
