import { KIND_LABEL, type EntryKind } from '../../pronote/ExportEntry.js'
import type { ReportEntry } from '../../pronote/ImportReport.js'
import { STEP_LABELS } from '../../pronote/runImport.js'
import { escapeHtml } from '../../views/escapeHtml.js'
import type { ImportDraft } from '../import/ImportDraft.js'
import { consolePage, csrfField } from './consolePage.js'
import { changeLists, entryCountsTable, entryLine, linkChangesTable } from './reportTables.js'

/** Steps 2–5 match one kind each, in the order of the import. */
export const KIND_OF_STEP: Record<number, EntryKind> = { 2: 'pupil', 3: 'parent', 4: 'teacher', 5: 'staff' }
export const STEP_OF_KIND: Record<EntryKind, number> = { pupil: 2, parent: 3, teacher: 4, staff: 5 }

function stepper (base: string, current: number): string {
  return `<ol class="stepper" aria-label="Étapes de l'import">${STEP_LABELS.map((label, i) => {
    const n = i + 1
    const state = n < current ? ' (vérifiée)' : n === current ? ' (en cours)' : ''
    return `<li${n === current ? ' aria-current="step"' : ''}${n < current ? ' class="done"' : ''}><a href="${escapeHtml(`${base}/etapes/${n}`)}">${n}. ${escapeHtml(label)}</a><span class="visually-hidden">${state}</span></li>`
  }).join('')}</ol>`
}

function unsettled (base: string, title: string, entries: readonly ReportEntry[], draft: ImportDraft, action: string): string {
  if (entries.length === 0) return ''
  return `<h2>${escapeHtml(title)} (${entries.length})</h2>
<ul class="entries">${entries.map((e) => {
    const choice = draft.choices[e.idpn]
    const note = choice === '' ? ' <strong>— laissé sans lien</strong>' : ''
    return `<li>${entryLine(e)}${note} <a class="button secondary small" href="${escapeHtml(`${base}/entrees/${e.idpn}`)}">${action}<span class="visually-hidden"> ${escapeHtml(`${e.nom} ${e.prenom} (IDPN ${e.idpn})`)}</span></a></li>`
  }).join('\n')}</ul>`
}

/** "Étape n/6": the dry run's result for that step, and the entries it could not settle. */
export function importStepPage (o: { basePath: string, uid: string, csrf: string, draft: ImportDraft, step: number, notice?: string, error?: string }): string {
  const { draft, step } = o
  const r = draft.report
  const base = `${o.basePath}/admin/imports/${draft.id}`
  const label = STEP_LABELS[step - 1] as string
  let content: string
  if (step === 1) {
    content = `<p>Fichier <strong>${escapeHtml(draft.fileName)}</strong> (SHA-256 <code>${escapeHtml(r.file.sha256.slice(0, 16))}…</code>) : établissement ${escapeHtml(r.uai)}${r.establishmentName === undefined ? '' : ` (${escapeHtml(r.establishmentName)})`}, import ${draft.mode === 'full' ? 'complet' : 'partiel'}, ${r.totals.read} entrée(s) lue(s).</p>
${entryCountsTable(r)}
${r.ignored.length === 0 ? '' : `<h2>Entrées ignorées (${r.ignored.length})</h2>\n<ul>${r.ignored.map((e) => `<li>${entryLine(e)}</li>`).join('')}</ul>`}`
  } else if (step <= 5) {
    const kind = KIND_OF_STEP[step] as EntryKind
    const ambiguous = r.ambiguous.filter((e) => e.kind === kind)
    const unmatched = r.unmatched.filter((e) => e.kind === kind)
    const c = r.counts[kind]
    content = `<p>${c.matched} ${escapeHtml(KIND_LABEL[kind])} rapproché(s), ${c.alreadyLinked} déjà lié(s), ${c.ambiguous} ambigu(s), ${c.unmatched} non trouvé(s).</p>
${entryCountsTable(r, [kind])}
${linkChangesTable(r, [kind])}
${changeLists(r, [kind])}
${unsettled(base, 'Homonymes à départager', ambiguous, draft, 'Choisir')}
${unsettled(base, 'Personnes non trouvées dans l\'annuaire', unmatched, draft, 'Chercher la personne')}
${ambiguous.length + unmatched.length === 0 ? '<p class="notice">Rien à régler pour cette étape.</p>' : '<p>Une entrée laissée sans lien pourra être liée plus tard, à la main, depuis la page Liens.</p>'}`
  } else {
    const limit = r.removalLimit
    content = `<p>Ce que l'import va faire pour l'établissement ${escapeHtml(r.uai)} :</p>
${linkChangesTable(r)}
${changeLists(r)}
${r.ambiguous.length + r.unmatched.length === 0 ? '' : `<p>${r.ambiguous.length + r.unmatched.length} entrée(s) resteront sans lien (à lier plus tard à la main).</p>`}
<form class="stack service-form" method="post" action="${escapeHtml(`${base}/valider`)}">
${csrfField(o.csrf)}
${limit.exceeded ? `<p class="error" role="alert" id="garde">Cet import supprimerait ${limit.removals} lien(s) sur ${limit.links}, au-delà de la limite de ${limit.limit}. Vérifiez la liste ci-dessus.</p>
<label class="remember"><input type="checkbox" name="confirmerSuppressions" value="1" aria-describedby="garde"> Je confirme la suppression de ${limit.removals} lien(s)</label>` : ''}
<p>« Valider l'import » vous demandera votre mot de passe, puis enregistrera les liens en une seule fois.</p>
<button type="submit">Valider l'import</button>
</form>`
  }
  const nav = `<p class="wizard-nav">${step > 1 ? `<a class="button secondary" href="${escapeHtml(`${base}/etapes/${step - 1}`)}">Étape précédente</a> ` : ''}${step < 6 ? `<a class="button" href="${escapeHtml(`${base}/etapes/${step + 1}`)}">Étape suivante</a>` : ''}</p>
<form class="inline" method="post" action="${escapeHtml(`${base}/abandon`)}">${csrfField(o.csrf)}<button type="submit" class="secondary">Abandonner l'import</button></form>`
  const body = `${stepper(base, step)}
${o.notice === undefined ? '' : `<p class="notice" role="status">${escapeHtml(o.notice)}</p>\n`}${o.error === undefined ? '' : `<p class="error" role="alert">${escapeHtml(o.error)}</p>\n`}${content}
${nav}`
  return consolePage({ basePath: o.basePath, title: `Étape ${step}/6 : ${step >= 2 && step <= 5 ? `rapprochement des ${KIND_LABEL[KIND_OF_STEP[step] as EntryKind].replace(/^./, (ch) => ch.toUpperCase())}` : label}`, uid: o.uid, current: 'etablissements', body })
}

