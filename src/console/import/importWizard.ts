import { randomBytes } from 'node:crypto'
import { establishmentFacts } from '../../pronote/establishmentFacts.js'
import type { ImportMode, ImportReport } from '../../pronote/ImportReport.js'
import { runImport } from '../../pronote/runImport.js'
import type { CasContext } from '../../protocol/CasContext.js'
import type { DraftStore } from '../drafts/DraftStore.js'
import { DRAFT_TTL_SECONDS, type ImportDraft } from './ImportDraft.js'

/**
 * The console's import, as the command line and the API do it (runImport): a dry run at the
 * upload and after each choice, the same call without dryRun at "Valider l'import". The file and
 * the choices live in the draft, so the commit reads exactly what the admin checked.
 */
export class ImportWizard {
  constructor (private readonly ctx: CasContext, private readonly drafts: DraftStore) {}

  private async run (draft: Omit<ImportDraft, 'report'>, commit: { force: boolean } | undefined): Promise<ImportReport> {
    return await runImport({
      source: [Buffer.from(draft.file, 'base64')],
      uai: draft.uai,
      mode: draft.mode,
      dryRun: commit === undefined,
      force: commit?.force === true,
      by: draft.by,
      fileName: draft.fileName,
      choices: draft.choices,
      keepReport: true,
      directories: [...this.ctx.directories],
      linkStore: this.ctx.links,
      maxBytes: this.ctx.config.importMaxBytes,
      ...(this.ctx.config.pronotePartner === undefined ? {} : { partner: this.ctx.config.pronotePartner }),
      ...establishmentFacts(this.ctx.registry, draft.uai)
    })
  }

  /**
   * Checks an uploaded export by a dry run and keeps it as a draft, holding the establishment's
   * import lock: answers the draft, or the draft of whoever holds the lock. A file the import
   * refuses throws its ImportError, and nothing is kept.
   */
  async start (input: { uai: string, mode: ImportMode, by: string, fileName: string, bytes: Buffer }): Promise<{ draft: ImportDraft } | { busy: ImportDraft | undefined }> {
    const id = randomBytes(16).toString('base64url')
    const holder = await this.drafts.lock(input.uai, id, DRAFT_TTL_SECONDS)
    if (holder !== id) return { busy: await this.load(holder) }
    try {
      const base = { id, uai: input.uai, mode: input.mode, by: input.by, createdAt: new Date().toISOString(), fileName: input.fileName, file: input.bytes.toString('base64'), choices: {} }
      const draft: ImportDraft = { ...base, report: await this.run(base, undefined) }
      await this.save(draft)
      return { draft }
    } catch (err) {
      await this.drafts.unlock(input.uai, id)
      throw err
    }
  }

  async load (id: string): Promise<ImportDraft | undefined> {
    const raw = await this.drafts.load(id)
    return raw === undefined ? undefined : JSON.parse(raw) as ImportDraft
  }

  private async save (draft: ImportDraft): Promise<void> {
    await this.drafts.save(draft.id, JSON.stringify(draft), DRAFT_TTL_SECONDS)
    await this.drafts.lock(draft.uai, draft.id, DRAFT_TTL_SECONDS)
  }

  /** Records a choice (a uid, or '' to leave the entry unlinked) and runs the dry run again. */
  async choose (draft: ImportDraft, idpn: string, uid: string): Promise<ImportDraft> {
    const next = { ...draft, choices: { ...draft.choices, [idpn]: uid } }
    const updated = { ...next, report: await this.run(next, undefined) }
    await this.save(updated)
    return updated
  }

  /** Writes the import (force: the admin confirmed the removals); the draft and the lock go. */
  async commit (draft: ImportDraft, force: boolean): Promise<ImportReport> {
    const report = await this.run(draft, { force })
    await this.abandon(draft)
    return report
  }

  async abandon (draft: ImportDraft): Promise<void> {
    await this.drafts.delete(draft.id)
    await this.drafts.unlock(draft.uai, draft.id)
  }
}
