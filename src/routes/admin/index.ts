import type { FastifyInstance } from 'fastify'
import type { Directory } from '../../directory/Directory.js'
import type { ExportPartner } from '../../pronote/ExportPartner.js'
import type { LinkStore } from '../../pronote/LinkStore.js'
import { DEFAULT_MAX_IMPORT_BYTES } from '../../pronote/readExport.js'
import type { ServiceRegistry } from '../../services/ServiceRegistry.js'
import { adminErrorHandler } from './adminErrorHandler.js'
import { adminTokenVerifier } from './adminToken.js'
import { importRoute } from './importRoute.js'
import { linkRoutes } from './linkRoutes.js'

export interface AdminRoutesOptions {
  linkStore: LinkStore
  /** Where manual links are checked: the uid must be a person of the establishment. */
  directories: Directory[]
  /** The registry: the CSV export writes cas:user as each establishment's service receives it. */
  registry: ServiceRegistry
  /** HS256 key of admin tokens (ADMIN_JWT_SECRET). */
  adminJwtSecret?: string
  /** Key set of admin tokens signed by an identity provider (ADMIN_JWKS_URL). */
  adminJwksUrl?: string
  /** Size limit of an uploaded export (IMPORT_MAX_BYTES), default 50 MiB. */
  maxImportBytes?: number
  /** Opens exports encrypted for ENT partners (PRONOTE_PARTNER_NAME, PRONOTE_PARTNER_KEY_FILE). */
  partner?: ExportPartner
}

/**
 * The admin API (register with prefix `<basePath>/admin/api`): imports of PRONOTE exports and the
 * links of each establishment. Every route needs `Authorization: Bearer <JWT>`, checked before
 * the body is read; every error answers `{ error, message }` in French. Refuses to register
 * without a secret or a JWKS URL, so it is never open by mistake.
 */
export default async function adminRoutes (app: FastifyInstance, opts: AdminRoutesOptions): Promise<void> {
  if (opts.adminJwtSecret === undefined && opts.adminJwksUrl === undefined) {
    throw new Error('adminRoutes: adminJwtSecret ou adminJwksUrl est obligatoire')
  }
  const maxBytes = opts.maxImportBytes ?? DEFAULT_MAX_IMPORT_BYTES
  const verify = adminTokenVerifier(opts.adminJwtSecret, opts.adminJwksUrl)
  app.setErrorHandler(adminErrorHandler)
  app.addHook('onRequest', async (request) => {
    // Every admin action's audit line names who did it.
    request.log = request.log.child({ admin: await verify(request.headers.authorization) ?? '(sans sujet)' })
  })
  // The export streams to the parser as is: it is never held whole in memory.
  app.addContentTypeParser(['application/xml', 'text/xml'], { bodyLimit: maxBytes }, (_request, payload, done) => { done(null, payload) })
  importRoute(app, opts.linkStore, opts.directories, maxBytes, opts.partner)
  linkRoutes(app, opts.linkStore, opts.directories, opts.registry)
}
