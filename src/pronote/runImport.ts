import type { Directory } from '../directory/Directory.js'
import { diffLinks } from './diffLinks.js'
import { CATEGORY_OF, type EntryKind, type ExportEntry, KINDS } from './ExportEntry.js'
import { hashing, sha256File } from './hashSource.js'
import { isUai } from './identifiers.js'
import { ImportError } from './ImportError.js'
import type { ImportRecord } from './ImportRecord.js'
import { emptyCounts, type ImportMode, type ImportReport, type ReportEntry } from './ImportReport.js'
import type { ExportPartner } from './ExportPartner.js'
import type { LinkStore, PronoteCategory, PronoteLink } from './LinkStore.js'
import { lookElsewhere } from './lookElsewhere.js'
import { applyChoices, type ImportChoices } from './applyChoices.js'
import { type MatchContext, matchEntries, type Outcome } from './matchEntries.js'
import { nextSteps } from './nextSteps.js'
import { PeopleIndex } from './PeopleIndex.js'
import { type ExportSource, readExport } from './readExport.js'
import { RemovalLimitError } from './RemovalLimitError.js'

/** The six steps of docs/pronote.md, in French for the progress display. */
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
  /** Full import: write even when more links would be removed than the limit allows. */
  force?: boolean
  /** Who imports, for the history: the admin's sub (API), the OS user or --by (command line). */
  by?: string
  /** The file's name for the history and the report (default: the path, when the source is one). */
  fileName?: string
  /**
   * Whether a service is registered for the establishment. A UAI with no service and nobody in
   * any directory is unknown, and its import refused: it can only be a typo.
   */
  hasService?: boolean
  /** An admin's decisions for the entries matching left ambiguous or unmatched (the console's wizard). */
  choices?: ImportChoices
  /** Keeps the whole report in the history record, for the console's "Bilan d'import". */
  keepReport?: boolean
  /** Other establishments (e.g. the registry's) where unmatched people are looked for, to say so. */
  otherUais?: readonly string[]
}

/** A full import may remove this share of the establishment's links without --force… */
const REMOVAL_SHARE = 0.1
/** …and always this many. */
const REMOVAL_FLOOR = 5

const toReportEntry = (o: { entry: ExportEntry, reason: string, candidates: string[] }): ReportEntry => ({
  idpn: o.entry.idpn, nom: o.entry.nom, prenom: o.entry.prenom, category: CATEGORY_OF[o.entry.kind], kind: o.entry.kind,
  line: o.entry.line, reason: o.reason, candidates: o.candidates
})

/**
 * Imports a PRONOTE identifier export for one establishment (docs/pronote.md): reads and checks the
 * whole file, matches pupils, parents, teachers and other staff in that order, and writes the
 * links in one store call at the last step, so that a refused file or a failure at any step
 * leaves the previous links untouched. Throws ImportError for a file or an argument at fault, and
 * RemovalLimitError (nothing written) for a full import that would remove too many links unless
 * forced. A link made by hand stays while its IDPN is in the file. The write and its history
 * record (who, when, the file's name and SHA-256, the counts, the file's IDPNs) are one store call.
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

  const idpns: Record<string, PronoteCategory> = {}
  const ignored: ExportEntry[] = []
  const path = 'path' in options.source && typeof options.source.path === 'string' ? options.source.path : undefined
  const hashed = path === undefined ? hashing(options.source as Exclude<ExportSource, { path: string }>) : undefined

  await step(1, 'start')
  const header = await readExport(hashed?.source ?? options.source, {
    maxBytes: options.maxBytes,
    expectedUai: uai,
    partner: options.partner,
    onEntry: (entry) => {
      counts[entry.kind].read++
      idpns[entry.idpn] = CATEGORY_OF[entry.kind]
      if (mode === 'partial' && entry.casId !== undefined) {
        counts[entry.kind].skipped++
        ignored.push(entry)
      } else entries[entry.kind].push(entry)
    }
  })
  const sha256 = path === undefined ? (hashed as { digest: () => string }).digest() : await sha256File(path)
  const fileName = options.fileName ?? path
  const existing = new Map((await linkStore.listEstablishment(uai)).map((l) => [l.idpn, l]))
  const remembered = new Map<string, PronoteLink>()
  for (const r of await linkStore.importHistory(uai)) {
    for (const m of r.manualRemoved ?? []) if (!remembered.has(m.idpn)) remembered.set(m.idpn, { uai, ...m, source: 'manual' })
  }
  await step(1, 'done')

  const ctx: MatchContext = { uai, people: new PeopleIndex(), existing, remembered, pupils: new Map(), keepExisting: mode === 'partial', now: (options.now?.() ?? new Date()).toISOString() }
  const outcomes: Outcome[] = []
  for (const [i, kind] of KINDS.entries()) {
    await step(i + 2, 'start')
    if (i === 0) {
      ctx.people = await PeopleIndex.load(options.directories, uai)
      if (ctx.people.size === 0 && options.hasService !== true) {
        throw new ImportError('UAI_UNKNOWN', `établissement ${uai} inconnu : aucun service enregistré et personne dans les annuaires pour cet UAI`)
      }
    }
    const matched = applyChoices(matchEntries(entries[kind], ctx), options.choices, ctx)
    if (kind === 'pupil') ctx.pupils = new Map(matched.map((o) => [o.entry.idpn, o]))
    for (const o of matched) counts[kind][o.status]++
    outcomes.push(...matched)
    await step(i + 2, 'done')
  }

  await step(6, 'start')
  const found: PronoteLink[] = outcomes.flatMap((o) => 'link' in o && (mode === 'full' || o.status === 'matched') ? [o.link] : [])
  const before = [...existing.values()]
  // The set the establishment ends with: exactly the links found (full), or the others kept (partial).
  const after = mode === 'full' ? found : [...new Map([...before, ...found].map((l) => [l.idpn, l])).values()]
  const nameOf = (uid: string): string | undefined => {
    const p = ctx.people.byUid.get(uid)
    return p?.nom === undefined ? undefined : `${p.nom} ${p.prenom ?? ''}`.trim()
  }
  const changes = diffLinks(before, after, nameOf)
  const limit = Math.max(REMOVAL_FLOOR, Math.floor(before.length * REMOVAL_SHARE))
  const removalLimit = { links: before.length, limit, removals: changes.totals.removed, exceeded: changes.totals.removed > limit, forced: options.force === true }
  const blocked = removalLimit.exceeded && options.force !== true
  const written = options.dryRun !== true && !blocked
  const totals = emptyCounts()
  for (const c of Object.values(counts)) for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += c[k]
  const unmatched = outcomes.flatMap((o) => o.status === 'unmatched' ? [toReportEntry(o)] : [])
  if (options.otherUais !== undefined && unmatched.length > 0) await lookElsewhere(unmatched, uai, options.otherUais, options.directories)
  const body: Omit<ImportReport, 'nextSteps'> = {
    uai,
    ...(header.name === undefined ? {} : { establishmentName: header.name }),
    mode,
    dryRun: options.dryRun === true,
    committed: written,
    written,
    file: { ...(fileName === undefined ? {} : { name: fileName }), sha256 },
    linksWritten: found.length,
    counts,
    totals,
    changes,
    removalLimit,
    ambiguous: outcomes.flatMap((o) => o.status === 'ambiguous' ? [toReportEntry(o)] : []),
    unmatched,
    ignored: ignored.map((entry) => toReportEntry({ entry, reason: `identifiant CAS déjà renseigné dans PRONOTE (${entry.casId ?? ''})`, candidates: [] }))
  }
  const report: ImportReport = { ...body, nextSteps: nextSteps(body) }
  if (blocked && options.dryRun !== true) throw new RemovalLimitError(report)
  if (written) {
    // Links made (by hand, by another import) while this one was matching would be overwritten
    // by a set computed without them: refuse instead. What remains is the instant between this
    // read and the write; undo covers it, since the store records the set it really replaced.
    const now = await linkStore.listEstablishment(uai)
    if (now.length !== before.length || now.some((l) => existing.get(l.idpn)?.uid !== l.uid || existing.get(l.idpn)?.category !== l.category)) {
      throw new ImportError('LINKS_CHANGED', `les liens de l'établissement ${uai} ont changé pendant l'import : rien n'a été enregistré, relancez-le`)
    }
    const record: ImportRecord = {
      at: (options.now?.() ?? new Date()).toISOString(), by: options.by ?? 'inconnu', mode,
      ...(fileName === undefined ? {} : { fileName }), sha256, counts: changes.totals, idpns
    }
    const manualRemoved = changes.removed.flatMap((c) => {
      const l = existing.get(c.idpn)
      return l?.source === 'manual' ? [{ idpn: l.idpn, uid: l.uid, category: l.category, linkedAt: l.linkedAt }] : []
    })
    if (manualRemoved.length > 0) record.manualRemoved = manualRemoved
    if (options.keepReport === true) record.report = report
    await linkStore.commitImport(uai, found, record)
  }
  await step(6, 'done')
  return report
}
