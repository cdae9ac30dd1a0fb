import type { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import type { Directory } from '../../directory/Directory.js'
import { establishmentFacts } from '../../pronote/establishmentFacts.js'
import { historyView } from '../../pronote/historyView.js'
import type { ExportPartner } from '../../pronote/ExportPartner.js'
import type { LinkStore } from '../../pronote/LinkStore.js'
import { RemovalLimitError } from '../../pronote/RemovalLimitError.js'
import { runImport } from '../../pronote/runImport.js'
import type { ServiceRegistry } from '../../services/ServiceRegistry.js'
import { audit } from '../audit.js'
import { AdminError } from './AdminError.js'
import { adminOf } from './adminOf.js'
import { ESTABLISHMENT_SCHEMA, IMPORT_SCHEMA, type ImportQuery } from './adminSchemas.js'
import { flagParam } from './params.js'

/**
 * POST /establishments/:uai/imports?mode=full|partial&dryRun=true&force=true with the export as
 * the raw body: the report as JSON (409 with the report when a full import would remove too
 * many links and force is not set). The body streams into the parser, which stops at maxBytes.
 * GET …/imports lists the last imports; POST …/imports/undo puts back the links of before the
 * last one. With the registry, a UAI without service nor people is refused as unknown, and
 * unmatched people found in another establishment are reported there.
 */
export function importRoute (app: FastifyInstance, linkStore: LinkStore, directories: Directory[], maxBytes: number, registry?: ServiceRegistry, partner?: ExportPartner): void {
  app.post<{ Params: { uai: string }, Querystring: ImportQuery }>('/establishments/:uai/imports', { schema: IMPORT_SCHEMA }, async (request) => {
    const uai = request.params.uai.toUpperCase()
    const { mode } = request.query
    const dryRun = flagParam(request.query.dryRun)
    // force=true: a full import goes ahead although it removes more links than the limit.
    const force = flagParam(request.query.force)
    const declared = Number(request.headers['content-length'] ?? 0)
    if (declared > maxBytes) throw new AdminError(413, 'TOO_LARGE', `Import refusé : fichier trop volumineux (plus de ${maxBytes} octets)`)
    const body = request.body as Readable | undefined
    if (body === undefined || body === null) throw new AdminError(400, 'XML_MALFORMED', 'Import refusé : corps de requête vide, le fichier XML est attendu')
    try {
      const report = await runImport({
        source: body, uai, mode, dryRun, force, by: adminOf(request), directories, linkStore, maxBytes, partner,
        ...(registry === undefined ? {} : establishmentFacts(registry, uai))
      })
      audit(request, 'admin.import', { uai, mode, dryRun, force, written: report.written, sha256: report.file.sha256, totals: report.totals, changes: report.changes.totals })
      return report
    } catch (err) {
      if (err instanceof RemovalLimitError) audit(request, 'admin.import.refused', { uai, mode, code: err.code, changes: err.report.changes.totals })
      throw err
    }
  })

  app.get<{ Params: { uai: string } }>('/establishments/:uai/imports', { schema: ESTABLISHMENT_SCHEMA }, async (request) => {
    return (await linkStore.importHistory(request.params.uai.toUpperCase())).map(historyView)
  })

  app.post<{ Params: { uai: string } }>('/establishments/:uai/imports/undo', { schema: ESTABLISHMENT_SCHEMA }, async (request) => {
    const uai = request.params.uai.toUpperCase()
    const undone = await linkStore.undoImport(uai)
    if (undone === undefined) throw new AdminError(404, 'NOTHING_TO_UNDO', `Aucun import à annuler pour l'établissement ${uai}`)
    const links = (await linkStore.listEstablishment(uai)).length
    audit(request, 'admin.import.undo', { uai, undone: { at: undone.at, by: undone.by, sha256: undone.sha256 }, links })
    return { uai, undone: historyView(undone), links }
  })
}
