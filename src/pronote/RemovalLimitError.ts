import type { ImportReport } from './ImportReport.js'

/**
 * A full import stopped before writing anything because it would remove more links than the
 * limit (report.removalLimit). It carries the whole report, so the admin sees every link it
 * would have removed; the same import with force goes ahead.
 */
export class RemovalLimitError extends Error {
  readonly code = 'TOO_MANY_REMOVALS'
  readonly statusCode = 409

  constructor (readonly report: ImportReport) {
    const { removals, limit, links } = report.removalLimit
    super(`l'import supprimerait ${removals} lien(s) sur ${links} (au plus ${limit} sans confirmation) : rien n'a été enregistré ; vérifiez la liste et relancez avec --force (force=true dans l'API) si c'est voulu`)
    this.name = 'RemovalLimitError'
  }
}
