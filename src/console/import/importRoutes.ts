import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { pronoteCategoriesOf } from '../../directory/sdet.js'
import { CATEGORY_OF } from '../../pronote/ExportEntry.js'
import { foldName } from '../../pronote/foldName.js'
import { ImportError } from '../../pronote/ImportError.js'
import type { ImportMode } from '../../pronote/ImportReport.js'
import { PeopleIndex } from '../../pronote/PeopleIndex.js'
import { RemovalLimitError } from '../../pronote/RemovalLimitError.js'
import type { CasContext } from '../../protocol/CasContext.js'
import { audit } from '../../routes/audit.js'
import { NO_STORE_HEADERS } from '../../routes/casPaths.js'
import { param, type Fields } from '../../routes/params.js'
import { bilanCsv } from '../bilanCsv.js'
import { checkCsrf, formExpired } from '../checkCsrf.js'
import { ABANDON_SCHEMA, BILAN_CSV_SCHEMA, BILAN_SCHEMA, COMMIT_PAGE_SCHEMA, COMMIT_SCHEMA, ENTRY_CHOICE_SCHEMA, ENTRY_SCHEMA, ESTABLISHMENT_SCHEMA, HISTORY_SCHEMA, STEP_SCHEMA, UNDO_SCHEMA, UPLOAD_SCHEMA } from '../consoleSchemas.js'
import { adminOf, consoleLoginUrl } from '../consoleAuth.js'
import { ConsoleError } from '../ConsoleError.js'
import { csrfMatches } from '../consoleSession.js'
import type { DraftStore } from '../drafts/DraftStore.js'
import { bilanPage, historyPage } from '../views/historyPages.js'
import { importEntryPage, type PersonCard } from '../views/importEntryPage.js'
import { importStepPage, STEP_OF_KIND } from '../views/importStepPage.js'
import { importUploadPage } from '../views/importUploadPage.js'
import type { ImportDraft } from './ImportDraft.js'
import { ImportWizard } from './importWizard.js'

/** "Valider l'import" and undo ask for the password again (CAS renew) unless it was typed this recently. */
const FRESH_PASSWORD_MS = 5 * 60 * 1000

/**
 * The import wizard ("Importer les identifiants PRONOTE"), the history with its bilans, and undo.
 * Registered inside the console's gate, so every route has an admin; each checks the establishment.
 */
export async function importRoutes (app: FastifyInstance, ctx: CasContext, drafts: DraftStore, establishment: (request: FastifyRequest, raw?: string) => string): Promise<void> {
  const { config } = ctx
  const wizard = new ImportWizard(ctx, drafts)
  const html = (reply: FastifyReply): FastifyReply => reply.headers(NO_STORE_HEADERS).type('text/html; charset=utf-8')
  const maxMiB = Math.round(config.importMaxBytes / 1048576 * 10) / 10
  await app.register(multipart, { limits: { fileSize: config.importMaxBytes, files: 1, fields: 5, parts: 6 } })

  /** Whether the password must be typed again (CAS renew) before a commit or an undo. */
  const staleLogin = (request: FastifyRequest): boolean => {
    const at = adminOf(request).session.reauthenticatedAt
    return at === undefined || Date.now() - at >= FRESH_PASSWORD_MS
  }
  /** To /login?renew=true, then back to `next` (a page whose button posts again: a redirect cannot post). */
  const askPassword = async (reply: FastifyReply, next: string): Promise<FastifyReply> =>
    await reply.headers(NO_STORE_HEADERS).redirect(consoleLoginUrl(config, next, true), 303)

  /** The admin's own draft, within their establishments. */
  const draftOf = async (request: FastifyRequest): Promise<ImportDraft> => {
    const draft = await wizard.load((request.params as { id: string }).id)
    if (draft === undefined) throw new ConsoleError(404, 'Import introuvable', 'Cet import n\'existe plus : il a été validé, abandonné, ou a expiré (une heure). Recommencez depuis la page de l\'établissement.')
    establishment(request, draft.uai)
    if (draft.by !== adminOf(request).uid) throw new ConsoleError(403, 'Import d\'un autre administrateur', `Cet import a été commencé par ${draft.by}.`)
    return draft
  }

  const showStep = async (request: FastifyRequest, reply: FastifyReply, draft: ImportDraft, step: number, over: { notice?: string, error?: string } = {}, status = 200): Promise<FastifyReply> => {
    const admin = adminOf(request)
    return await html(reply).code(status).send(importStepPage({ basePath: config.basePath, uid: admin.uid, csrf: admin.session.csrf, draft, step, ...over }))
  }

  app.get('/etablissements/:uai/import', { schema: ESTABLISHMENT_SCHEMA }, async (request, reply) => {
    const uai = establishment(request)
    const admin = adminOf(request)
    return await html(reply).send(importUploadPage({ basePath: config.basePath, uid: admin.uid, csrf: admin.session.csrf, uai, maxMiB }))
  })

  app.post('/etablissements/:uai/import', { schema: UPLOAD_SCHEMA }, async (request, reply) => {
    const uai = establishment(request)
    const admin = adminOf(request)
    const page = async (status: number, over: { error?: string, busy?: string }): Promise<FastifyReply> =>
      await html(reply).code(status).send(importUploadPage({ basePath: config.basePath, uid: admin.uid, csrf: admin.session.csrf, uai, maxMiB, ...over }))
    if (!request.isMultipart()) return await page(400, { error: 'Choisissez le fichier exporté par PRONOTE.' })
    const fields: Record<string, string> = {}
    let file: { name: string, bytes: Buffer } | undefined
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') file = { name: part.filename, bytes: await part.toBuffer() }
        else fields[part.fieldname] = String(part.value)
      }
    } catch (err) {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') return await page(413, { error: `Fichier trop volumineux : ${maxMiB} Mio au plus (IMPORT_MAX_BYTES).` })
      throw err
    }
    if (!csrfMatches(admin.session, fields.csrf)) throw formExpired()
    if (file === undefined || file.bytes.length === 0) return await page(400, { error: 'Choisissez le fichier exporté par PRONOTE.' })
    const mode: ImportMode = fields.mode === 'partial' ? 'partial' : 'full'
    try {
      const started = await wizard.start({ uai, mode, by: admin.uid, fileName: file.name.slice(0, 200), bytes: file.bytes })
      if ('busy' in started) {
        const who = started.busy === undefined ? 'un autre administrateur' : `${started.busy.by} (commencé le ${started.busy.createdAt.slice(0, 16).replace('T', ' ')} UTC)`
        return await page(409, { busy: `Un autre import est en cours pour l'établissement ${uai}, par ${who} : attendez qu'il soit validé ou abandonné (il expire au bout d'une heure).` })
      }
      audit(request, 'admin.import.draft', { uai, mode, sha256: started.draft.report.file.sha256, via: 'console' })
      return await reply.headers(NO_STORE_HEADERS).redirect(`${config.basePath}/admin/imports/${started.draft.id}/etapes/1`, 303)
    } catch (err) {
      if (err instanceof ImportError) return await page(err.code === 'TOO_LARGE' ? 413 : 400, { error: `Fichier refusé : ${err.message}` })
      throw err
    }
  })

  app.get<{ Params: { id: string, step: number } }>('/imports/:id/etapes/:step', { schema: STEP_SCHEMA }, async (request, reply) => {
    const draft = await draftOf(request)
    return await showStep(request, reply, draft, request.params.step)
  })

  app.get('/imports/:id/entrees/:idpn', { schema: ENTRY_SCHEMA }, async (request, reply) => {
    const draft = await draftOf(request)
    const idpn = (request.params as { idpn: string }).idpn
    const ambiguous = draft.report.ambiguous.find((e) => e.idpn === idpn)
    const entry = ambiguous ?? draft.report.unmatched.find((e) => e.idpn === idpn)
    if (entry === undefined) throw new ConsoleError(404, 'Entrée inconnue', `L'IDPN ${idpn.slice(0, 64)} n'est pas une entrée à régler de cet import.`)
    const people = await PeopleIndex.load([...ctx.directories], draft.uai)
    const q = (param(request.query as Fields, 'q') ?? '').slice(0, 100)
    const category = CATEGORY_OF[entry.kind]
    let found = ambiguous !== undefined ? entry.candidates.flatMap((uid) => people.byUid.get(uid) ?? []) : []
    if (ambiguous === undefined && q.trim() !== '') {
      const wanted = foldName(q)
      found = [...people.byUid.values()].filter((p) => pronoteCategoriesOf(p.profiles).includes(category) &&
        [p.uid, `${p.nom ?? ''}${p.prenom ?? ''}`, `${p.prenom ?? ''}${p.nom ?? ''}`].some((v) => foldName(v).includes(wanted))).slice(0, 20)
    }
    const named = (ref: string): string => {
      const child = people.byUid.get(ref) ?? [...people.byUid.values()].find((p) => p.dn === ref)
      return child === undefined ? ref : [child.prenom, child.nom].filter((s) => s !== undefined).join(' ')
    }
    const cards: PersonCard[] = found.map((person) => ({ person, children: person.children.map(named) }))
    const admin = adminOf(request)
    return await html(reply).send(importEntryPage({ basePath: config.basePath, uid: admin.uid, csrf: admin.session.csrf, draftId: draft.id, step: STEP_OF_KIND[entry.kind], entry, status: ambiguous !== undefined ? 'ambiguous' : 'unmatched', cards, chosen: draft.choices[idpn], q }))
  })

  app.post('/imports/:id/entrees/:idpn', { schema: ENTRY_CHOICE_SCHEMA }, async (request, reply) => {
    checkCsrf(request)
    const draft = await draftOf(request)
    const idpn = (request.params as { idpn: string }).idpn
    const entry = [...draft.report.ambiguous, ...draft.report.unmatched].find((e) => e.idpn === idpn)
    if (entry === undefined) throw new ConsoleError(404, 'Entrée inconnue', `L'IDPN ${idpn.slice(0, 64)} n'est pas une entrée à régler de cet import.`)
    const uid = (param(request.body as Fields, 'uid') ?? '').slice(0, 256)
    const updated = await wizard.choose(draft, idpn, uid)
    const still = [...updated.report.ambiguous, ...updated.report.unmatched].find((e) => e.idpn === idpn)
    const step = STEP_OF_KIND[entry.kind]
    if (uid !== '' && still !== undefined) return await showStep(request, reply, updated, step, { error: `${entry.nom} ${entry.prenom} : ${still.reason}` }, 400)
    return await showStep(request, reply, updated, step, { notice: uid === '' ? `${entry.nom} ${entry.prenom} restera sans lien.` : `${entry.nom} ${entry.prenom} sera lié(e) à ${uid}.` })
  })

  app.post('/imports/:id/abandon', { schema: ABANDON_SCHEMA }, async (request, reply) => {
    checkCsrf(request)
    const draft = await draftOf(request)
    await wizard.abandon(draft)
    return await reply.headers(NO_STORE_HEADERS).redirect(`${config.basePath}/admin/etablissements/${draft.uai}/import`, 303)
  })

  // "Valider l'import": the removal guard confirmed when it applies, the password typed again, then one write.
  const commit = async (request: FastifyRequest, reply: FastifyReply, confirmed: boolean): Promise<FastifyReply> => {
    const draft = await draftOf(request)
    if (draft.report.removalLimit.exceeded && !confirmed) {
      return await showStep(request, reply, draft, 6, { error: `Cochez la confirmation : cet import supprimerait ${draft.report.removalLimit.removals} lien(s).` }, 400)
    }
    if (staleLogin(request)) return await askPassword(reply, `${config.basePath}/admin/imports/${draft.id}/validation${confirmed ? '?suppressions=1' : ''}`)
    try {
      const report = await wizard.commit(draft, confirmed)
      audit(request, 'admin.import', { uai: draft.uai, mode: draft.mode, written: report.written, sha256: report.file.sha256, totals: report.totals, changes: report.changes.totals, via: 'console' })
      return await reply.headers(NO_STORE_HEADERS).redirect(`${config.basePath}/admin/etablissements/${draft.uai}/historique/0?valide=1`, 303)
    } catch (err) {
      if (err instanceof RemovalLimitError || err instanceof ImportError) return await showStep(request, reply, draft, 6, { error: `Import refusé : ${err.message}` }, 409)
      throw err
    }
  }

  app.post('/imports/:id/valider', { schema: COMMIT_SCHEMA }, async (request, reply) => {
    checkCsrf(request)
    return await commit(request, reply, param(request.body as Fields, 'confirmerSuppressions') === '1')
  })

  // Back from the password check: a page whose one button posts the commit (a redirect cannot post).
  app.get('/imports/:id/validation', { schema: COMMIT_PAGE_SCHEMA }, async (request, reply) => {
    const draft = await draftOf(request)
    const confirmed = param(request.query as Fields, 'suppressions') === '1'
    const admin = adminOf(request)
    return await html(reply).send(importStepPage({ basePath: config.basePath, uid: admin.uid, csrf: admin.session.csrf, draft, step: 6, notice: `Mot de passe vérifié : validez l'import pour enregistrer les liens.${confirmed ? ' Les suppressions sont confirmées.' : ''}` }))
  })

  app.get('/etablissements/:uai/historique', { schema: HISTORY_SCHEMA }, async (request, reply) => {
    const uai = establishment(request)
    const admin = adminOf(request)
    const q = request.query as Fields
    const notice = param(q, 'annule') === '1' ? 'Le dernier import a été annulé : les liens d\'avant sont rétablis.' : undefined
    return await html(reply).send(historyPage({ basePath: config.basePath, uid: admin.uid, csrf: admin.session.csrf, uai, records: await ctx.links.importHistory(uai), confirmUndo: param(q, 'annulation') === '1', ...(notice === undefined ? {} : { notice }) }))
  })

  app.post('/etablissements/:uai/historique/annulation', { schema: UNDO_SCHEMA }, async (request, reply) => {
    checkCsrf(request)
    const uai = establishment(request)
    if (staleLogin(request)) return await askPassword(reply, `${config.basePath}/admin/etablissements/${uai}/historique?annulation=1`)
    const undone = await ctx.links.undoImport(uai)
    if (undone === undefined) throw new ConsoleError(404, 'Rien à annuler', `Aucun import à annuler pour l'établissement ${uai}.`)
    audit(request, 'admin.import.undo', { uai, undone: { at: undone.at, by: undone.by, sha256: undone.sha256 }, via: 'console' })
    return await reply.headers(NO_STORE_HEADERS).redirect(`${config.basePath}/admin/etablissements/${uai}/historique?annule=1`, 303)
  })

  const recordAt = async (request: FastifyRequest): Promise<{ uai: string, index: number, record: Parameters<typeof bilanPage>[0]['record'] }> => {
    const uai = establishment(request)
    const index = (request.params as { n: number }).n
    const record = (await ctx.links.importHistory(uai))[index]
    if (record?.report === undefined) throw new ConsoleError(404, 'Bilan introuvable', 'Ce bilan n\'existe pas ou n\'a pas été gardé (imports faits hors de la console).')
    return { uai, index, record: record as Parameters<typeof bilanPage>[0]['record'] }
  }

  app.get('/etablissements/:uai/historique/:n', { schema: BILAN_SCHEMA }, async (request, reply) => {
    const { uai, index, record } = await recordAt(request)
    const notice = param(request.query as Fields, 'valide') === '1' ? 'Import enregistré. Envoyez maintenant le CSV à PRONOTE (colonne « Identifiant CAS »).' : undefined
    return await html(reply).send(bilanPage({ basePath: config.basePath, uid: adminOf(request).uid, uai, index, record, ...(notice === undefined ? {} : { notice }) }))
  })

  app.get('/etablissements/:uai/historique/:n/bilan.csv', { schema: BILAN_CSV_SCHEMA }, async (request, reply) => {
    const { uai, record } = await recordAt(request)
    return await reply.headers(NO_STORE_HEADERS).type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="bilan-import-${uai}-${record.at.slice(0, 10)}.csv"`).send(bilanCsv(record.report))
  })
}

