import type { FastifyInstance } from 'fastify'
import { allows } from '../../admin/AdminScope.js'
import type { Directory } from '../../directory/Directory.js'
import type { ExportPartner } from '../../pronote/ExportPartner.js'
import { Metrics } from '../../metrics/Metrics.js'
import type { LinkStore } from '../../pronote/LinkStore.js'
import { DEFAULT_MAX_IMPORT_BYTES } from '../../pronote/readExport.js'
import type { ServiceRegistry } from '../../services/ServiceRegistry.js'
import { adminErrorHandler } from './adminErrorHandler.js'
import { audit } from '../audit.js'
import { strictValidatorCompiler } from '../strictValidator.js'
import { AdminError } from './AdminError.js'
import { AdminTokenRefused, adminTokenVerifier } from './adminToken.js'
import { importRoute } from './importRoute.js'
import { linkRoutes } from './linkRoutes.js'
import { uaiParam } from './params.js'

/** The audience admin tokens must carry unless ADMIN_JWT_AUDIENCE says otherwise. */
export const DEFAULT_ADMIN_JWT_AUDIENCE = 'sesame-admin'

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
  /** The `aud` admin tokens must carry (ADMIN_JWT_AUDIENCE), default sesame-admin. */
  adminJwtAudience?: string
  /** The `iss` admin tokens must carry, if set (ADMIN_JWT_ISSUER). */
  adminJwtIssuer?: string
  /** Size limit of an uploaded export (IMPORT_MAX_BYTES), default 50 MiB. */
  maxImportBytes?: number
  /** Opens exports encrypted for ENT partners (PRONOTE_PARTNER_NAME, PRONOTE_PARTNER_KEY_FILE). */
  partner?: ExportPartner
}

/**
 * The admin API (register with prefix `<basePath>/admin/api`): imports of PRONOTE exports and the
 * links of each establishment. Every route needs `Authorization: Bearer <JWT>`, checked before
 * the body is read, and a token acts only on the establishments of its `uai` claim; every error
 * answers `{ error, message }` in French, and every refusal is an `admin.refused` audit event.
 * Refuses to register without a secret or a JWKS URL, so it is never open by mistake.
 */
export default async function adminRoutes (app: FastifyInstance, opts: AdminRoutesOptions): Promise<void> {
  if (opts.adminJwtSecret === undefined && opts.adminJwksUrl === undefined) {
    throw new Error('adminRoutes: adminJwtSecret ou adminJwksUrl est obligatoire')
  }
  const maxBytes = opts.maxImportBytes ?? DEFAULT_MAX_IMPORT_BYTES
  const verify = adminTokenVerifier({
    secret: opts.adminJwtSecret,
    jwksUrl: opts.adminJwksUrl,
    audience: opts.adminJwtAudience ?? DEFAULT_ADMIN_JWT_AUDIENCE,
    issuer: opts.adminJwtIssuer
  })
  // Its audit events count in the app's metrics; mounted on its own (as its tests do) there is no
  // app to count in, so the plugin keeps a set of its own, inside its encapsulation.
  if (!app.hasDecorator('metrics')) app.decorate('metrics', new Metrics())
  // Route schemas (adminSchemas.ts) check params, queries and JSON bodies; their refusals are
  // answered by the error handler, as any other refusal of the API.
  app.setValidatorCompiler(strictValidatorCompiler)
  app.setErrorHandler(adminErrorHandler)
  app.addHook('onRequest', async (request) => {
    const raw = (request.params as { uai?: string }).uai
    let admin
    try {
      admin = await verify(request.headers.authorization)
    } catch (err) {
      if (err instanceof AdminTokenRefused) {
        if (err.sub !== undefined) request.log = request.log.child({ admin: err.sub })
        audit(request, 'admin.refused', { reason: err.reason, status: err.statusCode, uai: raw?.slice(0, 20) })
      }
      throw err
    }
    // Every admin action's audit line names who did it.
    request.log = request.log.child({ admin: admin.sub })
    if (raw === undefined) return
    // Checked here, before any route reads the body or the store: outside its scope, a token does
    // nothing. (Route schemas run later, once the body is read.)
    const uai = uaiParam(raw)
    if (!allows(admin.scope, uai)) {
      audit(request, 'admin.refused', { reason: 'out_of_scope', status: 403, uai })
      throw new AdminError(403, 'forbidden', `Établissement ${uai} hors du périmètre de ce jeton d'administration`)
    }
  })
  // The export streams to the parser as is: it is never held whole in memory.
  app.addContentTypeParser(['application/xml', 'text/xml'], { bodyLimit: maxBytes }, (_request, payload, done) => { done(null, payload) })
  importRoute(app, opts.linkStore, opts.directories, maxBytes, opts.registry, opts.partner)
  linkRoutes(app, opts.linkStore, opts.directories, opts.registry)
}
