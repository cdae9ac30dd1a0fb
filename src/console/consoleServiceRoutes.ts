import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { allows } from '../admin/AdminScope.js'
import type { CasContext } from '../protocol/CasContext.js'
import type { RegisteredService } from '../services/RegisteredService.js'
import type { ConsoleServiceSync } from '../services/store/ConsoleServiceSync.js'
import type { ServiceStore, StoredService } from '../services/store/ServiceStore.js'
import { audit } from '../routes/audit.js'
import { NO_STORE_HEADERS } from '../routes/casPaths.js'
import { param, type Fields } from '../routes/params.js'
import { adminOf, type ConsoleAdmin } from './consoleAuth.js'
import { ConsoleError } from './ConsoleError.js'
import { checkCsrf } from './checkCsrf.js'
import { NEW_SERVICE_SCHEMA, READS_NOTHING, SERVICE_CREATE_SCHEMA, SERVICE_DELETE_SCHEMA, SERVICE_SCHEMA, SERVICE_UPDATE_SCHEMA } from './consoleSchemas.js'
import { checkServiceForm, definitionOf, formOf, readServiceForm, type ServiceFormValues } from './serviceForm.js'
import { serviceFormPage } from './views/serviceFormPage.js'
import { servicesPage } from './views/servicesPage.js'

/** An establishment's admin manages its services; services of no establishment are for "*" admins. */
function manages (admin: ConsoleAdmin, uai: string | undefined): boolean {
  return uai === undefined || uai === '' ? admin.scope === '*' : allows(admin.scope, uai)
}

function slug (s: string): string {
  return s.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().toLowerCase().replace(/[\s_]+/g, '-').replace(/-+/g, '-').slice(0, 40) || 'service'
}

/** "Services": the registry in the console, and services made there, live on every node within seconds. */
export async function consoleServiceRoutes (app: FastifyInstance, ctx: CasContext, store: ServiceStore, sync: ConsoleServiceSync | undefined): Promise<void> {
  const { config, registry } = ctx
  const base = `${config.basePath}/admin/services`
  const html = (reply: FastifyReply): FastifyReply => reply.headers(NO_STORE_HEADERS).type('text/html; charset=utf-8')
  const visible = (admin: ConsoleAdmin, s: RegisteredService): boolean => admin.scope === '*' || (s.uai !== undefined && allows(admin.scope, s.uai))

  const list = async (request: FastifyRequest, reply: FastifyReply, notice?: string): Promise<FastifyReply> => {
    const admin = adminOf(request)
    const rows = registry.all().filter((s) => visible(admin, s)).map((s) => ({
      id: s.id, name: s.name, pattern: s.serviceId, uai: s.uai, group: s.group, readOnly: registry.isFromFile(s.id), editable: manages(admin, s.uai)
    }))
    return await html(reply).send(servicesPage({ basePath: config.basePath, uid: admin.uid, csrf: admin.session.csrf, rows, ...(notice === undefined ? {} : { notice }) }))
  }

  /** A console service this admin may change; the file's are read-only. */
  const editable = async (request: FastifyRequest): Promise<StoredService> => {
    const id = (request.params as { id: string }).id
    if (registry.isFromFile(id)) throw new ConsoleError(403, 'Service en lecture seule', 'Ce service est déclaré dans services.json : il se modifie dans ce fichier, pas dans la console.')
    const stored = (await store.list()).find((s) => s.definition.id === id)
    if (stored === undefined) throw new ConsoleError(404, 'Service inconnu', `Aucun service « ${id.slice(0, 64)} » dans la console.`)
    if (!manages(adminOf(request), typeof stored.definition.uai === 'string' ? stored.definition.uai : undefined)) {
      audit(request, 'admin.refused', { reason: 'out_of_scope', status: 403, service: id, via: 'console' })
      throw new ConsoleError(403, 'Accès refusé', 'Ce service ne relève pas de vos établissements.')
    }
    return stored
  }

  const showForm = async (request: FastifyRequest, reply: FastifyReply, values: ServiceFormValues, action: string, editing: boolean, errors = {}, status = 200): Promise<FastifyReply> => {
    const admin = adminOf(request)
    return await html(reply).code(status).send(serviceFormPage({ basePath: config.basePath, uid: admin.uid, csrf: admin.session.csrf, values, errors, action, editing }))
  }

  /** Checks and stores a form: the rules of services.json, the admin's establishments, a free id. */
  const save = async (request: FastifyRequest, reply: FastifyReply, values: ServiceFormValues, existing: StoredService | undefined): Promise<FastifyReply> => {
    const admin = adminOf(request)
    const action = existing === undefined ? base : `${base}/${existing.definition.id}`
    if (!manages(admin, values.uai)) {
      return await showForm(request, reply, values, action, existing !== undefined, { uai: values.uai === '' ? 'Seul un administrateur de tous les établissements peut déclarer un service sans établissement.' : `Vous n'administrez pas l'établissement ${values.uai}.` }, 403)
    }
    let id = existing?.definition.id
    if (id === undefined) {
      const stem = values.kind === 'pronote' && values.uai !== '' ? `pronote-${values.uai.toLowerCase()}` : slug(values.name)
      id = stem
      for (let n = 2; registry.byKey(id) !== undefined; n++) id = `${stem}-${n}`
    }
    const order = typeof existing?.definition.evaluationOrder === 'number' ? existing.definition.evaluationOrder : 1000
    const definition = definitionOf(id, values, order)
    const checked = checkServiceForm(definition, values)
    if ('errors' in checked) return await showForm(request, reply, values, action, existing !== undefined, checked.errors, 400)
    await store.put({ kind: values.kind, definition, updatedBy: admin.uid, updatedAt: new Date().toISOString() })
    await sync?.refresh()
    audit(request, existing === undefined ? 'admin.service.created' : 'admin.service.updated', { service: id, uai: values.uai === '' ? undefined : values.uai, pattern: checked.service.serviceId, via: 'console' })
    return await list(request, reply, `Service « ${values.name} » enregistré : il s'applique à tous les serveurs en quelques secondes.`)
  }

  app.get('/services', { schema: READS_NOTHING }, async (request, reply) => await list(request, reply))

  app.get('/services/nouveau', { schema: NEW_SERVICE_SCHEMA }, async (request, reply) => {
    const kind = param(request.query as Fields, 'type') === 'cas' ? 'cas' : 'pronote'
    const admin = adminOf(request)
    const values = readServiceForm(kind, { access: ['eleve', 'parent', 'enseignant', 'non-enseignant', 'autre'], group: kind === 'pronote' ? 'Scolarité' : '', uai: admin.scope === '*' ? '' : admin.scope[0] })
    return await showForm(request, reply, values, base, false)
  })

  app.post('/services', { schema: SERVICE_CREATE_SCHEMA }, async (request, reply) => {
    checkCsrf(request)
    const body = request.body as Fields
    return await save(request, reply, readServiceForm(param(body, 'type') === 'cas' ? 'cas' : 'pronote', body), undefined)
  })

  app.get('/services/:id', { schema: SERVICE_SCHEMA }, async (request, reply) => {
    const stored = await editable(request)
    return await showForm(request, reply, formOf(stored), `${base}/${stored.definition.id}`, true)
  })

  app.post('/services/:id', { schema: SERVICE_UPDATE_SCHEMA }, async (request, reply) => {
    checkCsrf(request)
    const stored = await editable(request)
    return await save(request, reply, readServiceForm(stored.kind, request.body as Fields), stored)
  })

  app.post('/services/:id/suppression', { schema: SERVICE_DELETE_SCHEMA }, async (request, reply) => {
    checkCsrf(request)
    const stored = await editable(request)
    await store.remove(stored.definition.id)
    await sync?.refresh()
    audit(request, 'admin.service.deleted', { service: stored.definition.id, via: 'console' })
    return await list(request, reply, `Service « ${String(stored.definition.name)} » supprimé.`)
  })
}
