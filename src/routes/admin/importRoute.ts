import type { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import type { Directory } from '../../directory/Directory.js'
import type { ExportPartner } from '../../pronote/ExportPartner.js'
import type { LinkStore } from '../../pronote/LinkStore.js'
import { runImport } from '../../pronote/runImport.js'
import { audit } from '../audit.js'
import { AdminError } from './AdminError.js'
import { dryRunParam, modeParam, uaiParam } from './params.js'

/**
 * POST /establishments/:uai/imports?mode=full|partial&dryRun=true with the export as the raw
 * body: the report as JSON. The body streams into the parser, which stops at maxBytes.
 */
export function importRoute (app: FastifyInstance, linkStore: LinkStore, directories: Directory[], maxBytes: number, partner?: ExportPartner): void {
  app.post<{ Params: { uai: string }, Querystring: Record<string, unknown> }>('/establishments/:uai/imports', async (request) => {
    const uai = uaiParam(request.params.uai)
    const mode = modeParam(request.query.mode)
    const dryRun = dryRunParam(request.query.dryRun)
    const declared = Number(request.headers['content-length'] ?? 0)
    if (declared > maxBytes) throw new AdminError(413, 'TOO_LARGE', `Import refusé : fichier trop volumineux (plus de ${maxBytes} octets)`)
    const body = request.body as Readable | undefined
    if (body === undefined || body === null) throw new AdminError(400, 'XML_MALFORMED', 'Import refusé : corps de requête vide, le fichier XML est attendu')
    const report = await runImport({ source: body, uai, mode, dryRun, directories, linkStore, maxBytes, partner })
    audit(request, 'admin.import', { uai, mode, dryRun, totals: report.totals })
    return report
  })
}
