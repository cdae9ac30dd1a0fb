import type { ImportMode, ImportReport } from '../../pronote/ImportReport.js'

/** How long a wizard may stay open before its draft and its establishment's lock go. */
export const DRAFT_TTL_SECONDS = 3600

/**
 * An import in the console's wizard, between the upload and "Valider l'import": the file itself
 * (so the commit re-reads exactly what was checked), the admin's choices, and the dry run's report
 * with those choices applied.
 */
export interface ImportDraft {
  id: string
  uai: string
  mode: ImportMode
  /** The admin who started it: only they may go on with it. */
  by: string
  createdAt: string
  fileName: string
  /** The uploaded file, base64. */
  file: string
  choices: Record<string, string>
  report: ImportReport
}
