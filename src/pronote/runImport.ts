import type { Directory } from '../directory/Directory.js'
import { CATEGORY_OF, type EntryKind, type ExportEntry, KINDS } from './ExportEntry.js'
import { isUai } from './identifiers.js'
import { ImportError } from './ImportError.js'
import { emptyCounts, type ImportMode, type ImportReport, type ReportEntry } from './ImportReport.js'
import type { ExportPartner } from './ExportPartner.js'
import type { LinkStore, PronoteLink } from './LinkStore.js'
import { type MatchContext, matchEntries, type Outcome } from './matchEntries.js'
import { PeopleIndex } from './PeopleIndex.js'
import { type ExportSource, readExport } from './readExport.js'

/** The six steps of DESIGN §5, in French for the progress display. */
export const STEP_LABELS = ['Lecture et contrôle du fichier', 'Élèves', 'Responsables', 'Professeurs', 'Autres personnels', 'Bilan et enregistrement'] as const

export interface ImportStep {
  /** 1 to 6. */
  step: number
  total: 6
  label: string
  status: 'start' | 'done'
}

export interface RunImportOptions {
  source: ExportSource
  /** The establishment the import is for: a file naming another one is refused. */
  uai: string
  mode: ImportMode
  /** Report only; nothing written. */
  dryRun?: boolean
  /** Where people are matched: directory.peopleOf(uai) of each. */
  directories: Directory[]
  linkStore: LinkStore
  /**
   * Called as each step starts and ends; if it throws, the import stops, and nothing is written
   * unless it was the last call (step 6 done), which reports the commit already made.
   */
  onStep?: (step: ImportStep) => void | Promise<void>
  /** Size limit of the file (default 50 MiB). */
  maxBytes?: number
  /** Opens exports encrypted for ENT partners (PRONOTE_PARTNER_NAME, PRONOTE_PARTNER_KEY_FILE). */
  partner?: ExportPartner
  now?: () => Date
}

const toReportEntry = (o: Outcome & { reason: string, candidates: string[] }): ReportEntry => ({
  idpn: o.entry.idpn, nom: o.entry.nom, prenom: o.entry.prenom, category: CATEGORY_OF[o.entry.kind], kind: o.entry.kind,
  line: o.entry.line, reason: o.reason, candidates: o.candidates
})

/**
 * Imports a PRONOTE identifier export for one establishment (DESIGN §5): reads and checks the
 * whole file, matches pupils, parents, teachers and other staff in that order, and writes the
 * links in one store call at the last step, so that a refused file or a failure at any step
 * leaves the previous links untouched. Throws ImportError for a file or an argument at fault.
 */
export async function runImport (options: RunImportOptions): Promise<ImportReport> {
  const { mode, linkStore } = options
  const uai = options.uai.toUpperCase()
  if (!isUai(uai)) throw new ImportError('UAI_INVALID', `UAI « ${options.uai} » invalide : 7 chiffres et une lettre attendus (ex. 0340000X)`)
  if (mode !== 'full' && mode !== 'partial') throw new ImportError('MODE_INVALID', `mode « ${String(mode)} » inconnu : full (complet) ou partial (partiel) attendu`)
  const step = async (n: number, status: 'start' | 'done'): Promise<void> => {
    await options.onStep?.({ step: n, total: 6, label: STEP_LABELS[n - 1] as string, status })
  }
  const counts = { pupil: emptyCounts(), parent: emptyCounts(), teacher: emptyCounts(), staff: emptyCounts() }
  const entries: Record<EntryKind, ExportEntry[]> = { pupil: [], parent: [], teacher: [], staff: [] }

  await step(1, 'start')
  const header = await readExport(options.source, {
    maxBytes: options.maxBytes,
    expectedUai: uai,
    partner: options.partner,
    onEntry: (entry) => {
      counts[entry.kind].read++
      if (mode === 'partial' && entry.casId !== undefined) counts[entry.kind].skipped++
      else entries[entry.kind].push(entry)
    }
  })
  const existing = new Map((await linkStore.listEstablishment(uai)).map((l) => [l.idpn, l]))
  await step(1, 'done')

  const ctx: MatchContext = { uai, people: new PeopleIndex(), existing, pupils: new Map(), keepExisting: mode === 'partial', now: (options.now?.() ?? new Date()).toISOString() }
  const outcomes: Outcome[] = []
  for (const [i, kind] of KINDS.entries()) {
    await step(i + 2, 'start')
    if (i === 0) ctx.people = await PeopleIndex.load(options.directories, uai)
    const matched = matchEntries(entries[kind], ctx)
    if (kind === 'pupil') ctx.pupils = new Map(matched.map((o) => [o.entry.idpn, o]))
    for (const o of matched) counts[kind][o.status]++
    outcomes.push(...matched)
    await step(i + 2, 'done')
  }

  await step(6, 'start')
  const links: PronoteLink[] = outcomes.flatMap((o) => 'link' in o && (mode === 'full' || o.status === 'matched') ? [o.link] : [])
  if (options.dryRun !== true) {
    if (mode === 'full') await linkStore.replaceEstablishment(uai, links)
    else await linkStore.addLinks(uai, links)
  }
  const totals = emptyCounts()
  for (const c of Object.values(counts)) for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += c[k]
  const report: ImportReport = {
    uai,
    ...(header.name === undefined ? {} : { establishmentName: header.name }),
    mode,
    dryRun: options.dryRun === true,
    committed: options.dryRun !== true,
    linksWritten: links.length,
    counts,
    totals,
    ambiguous: outcomes.flatMap((o) => o.status === 'ambiguous' ? [toReportEntry(o)] : []),
    unmatched: outcomes.flatMap((o) => o.status === 'unmatched' ? [toReportEntry(o)] : [])
  }
  await step(6, 'done')
  return report
}
