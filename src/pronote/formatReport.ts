import type { LinkChange } from './diffLinks.js'
import { KIND_LABEL, KIND_NAME, KINDS } from './ExportEntry.js'
import type { LinkChangeCounts } from './ImportRecord.js'
import type { ImportReport, KindCounts, ReportEntry } from './ImportReport.js'

const COLUMNS: Array<[keyof KindCounts, string]> = [
  ['read', 'lues'], ['matched', 'rapprochées'], ['alreadyLinked', 'déjà liées'], ['ambiguous', 'ambiguës'],
  ['unmatched', 'non trouvées'], ['skipped', 'ignorées']
]
const CHANGE_COLUMNS: Array<[keyof LinkChangeCounts, string]> = [['created', 'créés'], ['unchanged', 'inchangés'], ['changed', 'modifiés'], ['removed', 'supprimés']]

function row<C> (label: string, c: C, columns: Array<[keyof C, string]>): string {
  return label.padEnd(14) + columns.map(([k, title]) => String(c[k]).padStart(title.length + 2)).join('')
}

function table<C> (title: string, columns: Array<[keyof C, string]>, rows: Array<[string, C]>): string[] {
  return [title.padEnd(14) + columns.map(([, t]) => `  ${t}`).join(''), ...rows.map(([label, c]) => row(label, c, columns))]
}

function entryLine (e: ReportEntry): string {
  const who = e.candidates.length > 0 ? ` (${e.candidates.join(', ')})` : ''
  return `  - ${e.idpn}  ${e.nom} ${e.prenom}, ${KIND_NAME[e.kind]} (ligne ${e.line}) : ${e.reason}${who}`
}

const person = (uid: string, name?: string): string => name === undefined ? uid : `${uid} (${name})`
const made = (c: LinkChange): string => c.source === 'manual' ? 'lié à la main' : 'lié par import'

function changeLine (c: LinkChange): string {
  if (c.to === undefined) return `  - ${c.idpn}  ${person(c.uid, c.name)}, ${KIND_NAME[c.kind]}, ${made(c)}`
  const what = c.to.idpn === c.idpn ? `passe à ${person(c.to.uid, c.to.name)}` : `remplacé par ${c.to.idpn}`
  return `  - ${c.idpn}  ${person(c.uid, c.name)}, ${KIND_NAME[c.kind]}, ${made(c)} : ${what}`
}

function headline (r: ImportReport): string {
  if (r.dryRun) return 'Simulation : aucun lien n\'a été enregistré.'
  if (!r.written) return `Import arrêté : rien n'a été enregistré, il supprimerait ${r.removalLimit.removals} lien(s) sur ${r.removalLimit.links} (au plus ${r.removalLimit.limit} sans --force).`
  return r.mode === 'full'
    ? `${r.linksWritten} lien(s) enregistré(s) ; ils remplacent les liens précédents de l'établissement.`
    : `${r.linksWritten} lien(s) ajouté(s) ; les liens existants sont conservés.`
}

/** The report as French text, for the terminal: counts, every link removed or changed, what to do next. */
export function formatReport (r: ImportReport): string {
  const lines = [
    `Import PRONOTE ${r.mode === 'full' ? 'complet' : 'partiel'} — établissement ${r.uai}${r.establishmentName === undefined ? '' : ` (${r.establishmentName})`}`,
    headline(r),
    `Fichier : ${r.file.name ?? '(envoyé)'} — SHA-256 ${r.file.sha256}`,
    '',
    ...table('Entrées', COLUMNS, [...KINDS.map((k): [string, KindCounts] => [KIND_LABEL[k], r.counts[k]]), ['total', r.totals]]),
    '',
    ...table('Liens', CHANGE_COLUMNS, [...KINDS.map((k): [string, LinkChangeCounts] => [KIND_LABEL[k], r.changes.counts[k]]), ['total', r.changes.totals]])
  ]
  const verb = r.written ? '' : ' (seraient)'
  if (r.changes.removed.length > 0) lines.push('', `Liens supprimés${verb} (${r.changes.removed.length}) :`, ...r.changes.removed.map(changeLine))
  if (r.changes.changed.length > 0) lines.push('', `Liens modifiés${verb} (${r.changes.changed.length}) :`, ...r.changes.changed.map(changeLine))
  if (r.ambiguous.length > 0) lines.push('', `Entrées ambiguës, à lier à la main (${r.ambiguous.length}) :`, ...r.ambiguous.map(entryLine))
  if (r.unmatched.length > 0) lines.push('', `Entrées non trouvées dans l'annuaire (${r.unmatched.length}) :`, ...r.unmatched.map(entryLine))
  if (r.ignored.length > 0) lines.push('', `Entrées ignorées (${r.ignored.length}) :`, ...r.ignored.map(entryLine))
  if (r.nextSteps.length > 0) {
    lines.push('', 'À faire ensuite :')
    r.nextSteps.forEach((s, i) => {
      lines.push(`  ${i + 1}. ${s.text}`)
      if (s.command !== undefined) lines.push(...s.command.split('\n').map((c) => `       ${c}`))
    })
  }
  return lines.join('\n') + '\n'
}
