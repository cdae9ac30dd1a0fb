import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { allows } from '../admin/AdminScope.js'
import { casUserOf } from '../pronote/casUserOf.js'
import { exportLinksCsv } from '../pronote/exportLinksCsv.js'
import { linkByHand } from '../pronote/linkByHand.js'
import { LinkRuleError } from '../pronote/LinkRuleError.js'
import type { PronoteCategory } from '../pronote/LinkStore.js'
import type { ConsoleServiceSync } from '../services/store/ConsoleServiceSync.js'
import { validateServiceTicket } from '../protocol/validateServiceTicket.js'
import { ProtocolError } from '../errors/ProtocolError.js'
import { audit } from '../routes/audit.js'
import { NO_STORE_HEADERS } from '../routes/casPaths.js'
import { param, type Fields } from '../routes/params.js'
import { schemaFailureOf } from '../routes/schemaFailure.js'
import { adminOf, consoleGate, consoleServiceUrl, safeNext } from './consoleAuth.js'
import { ConsoleError } from './ConsoleError.js'
import { checkCsrf } from './checkCsrf.js'
import { CALLBACK_SCHEMA, consoleRefusal, ESTABLISHMENT_SCHEMA, LINK_FORM_SCHEMA, LINKS_SCHEMA, READS_NOTHING, UNLINK_SCHEMA } from './consoleSchemas.js'
import { consoleServiceRoutes } from './consoleServiceRoutes.js'
import { MemoryDraftStore } from './drafts/MemoryDraftStore.js'
import { importRoutes } from './import/importRoutes.js'
import { CONSOLE_COOKIE, CONSOLE_SESSION_SECONDS, newCsrfToken, sealConsoleSession } from './consoleSession.js'
import { establishmentsOf } from './establishmentsOf.js'
import { filterLinks, namesOf } from './linkRows.js'
import { consoleErrorPage } from './views/consolePage.js'
import { establishmentsPage } from './views/establishmentsPage.js'
import { linksPage, type LinksFilter, type LinksPageOptions } from './views/linksPage.js'

/** A query or form field as typed, trimmed; '' when absent. A repeated one is refused by param(). */
const text = (fields: unknown, name: string): string => (param(fields as Fields, name) ?? '').trim()

function categoryOf (v: string): PronoteCategory | undefined {
  return v === '1' || v === '2' || v === '3' || v === '4' ? Number(v) as PronoteCategory : undefined
}

export interface ConsoleRoutesOptions {
  /** Told when the console changes a service, so the registry follows at once. */
  serviceSync?: ConsoleServiceSync | undefined
}

/**
 * The admin console at /admin/: establishments and links (CAS client of Sésame itself). A plugin
 * with its own error handler: register it with `app.register`, without fastify-plugin.
 */
export async function consoleRoutes (app: FastifyInstance, options: ConsoleRoutesOptions): Promise<void> {
  const ctx = app.cas
  const { serviceSync } = options
  const { config } = ctx
  const cookiePath = `${config.basePath}/admin`
  const html = (reply: FastifyReply): FastifyReply => reply.headers(NO_STORE_HEADERS).type('text/html; charset=utf-8')

  app.decorateRequest('consoleAdmin', undefined)
  // Every refusal of the console as its French page: its own, a route schema's (consoleSchemas.ts
  // says which page each field stands for), and param()'s for a field given twice.
  app.setErrorHandler(async (err, request, reply) => {
    const failure = schemaFailureOf(err, request)
    if (failure !== undefined) err = consoleRefusal(failure)
    if (err instanceof ProtocolError && err.code === 'INVALID_REQUEST') err = new ConsoleError(400, 'Requête invalide', err.message)
    if (err instanceof ConsoleError) {
      return await html(reply).code(err.statusCode).send(consoleErrorPage(config.basePath, err.title, err.message, request.consoleAdmin?.uid))
    }
    throw err
  })

  // The console's CAS callback: one ticket, validated in-process as a CAS client would.
  app.get('/connexion', { schema: CALLBACK_SCHEMA }, async (request, reply) => {
    const q = request.query
    const next = safeNext(config, param(q as Fields, 'next'))
    const renew = param(q as Fields, 'renew') === '1'
    let ticket
    try {
      ticket = await validateServiceTicket(ctx.tickets, { ticket: text(q, 'ticket'), service: consoleServiceUrl(config, next, renew), renew, acceptProxyTickets: false })
    } catch {
      throw new ConsoleError(403, 'Connexion refusée', 'Le ticket de connexion est invalide ou a expiré. Rouvrez la console pour vous connecter à nouveau.')
    }
    if (config.admins?.get(ticket.user) === undefined) {
      audit(request, 'admin.refused', { reason: 'not_admin', status: 403, user: ticket.user, via: 'console' })
      throw new ConsoleError(403, 'Accès réservé', 'Cette console est réservée aux administrateurs de l\'ENT.')
    }
    const cookie = await sealConsoleSession(config.casSecrets, { uid: ticket.user, tgtId: ticket.tgtId, csrf: newCsrfToken(), reauthenticatedAt: renew ? Date.now() : undefined })
    reply.setCookie(CONSOLE_COOKIE, cookie, { path: cookiePath, httpOnly: true, secure: config.secure, sameSite: 'strict', maxAge: CONSOLE_SESSION_SECONDS })
    audit(request, 'admin.console.signin', { user: ticket.user, renew })
    return await reply.headers(NO_STORE_HEADERS).redirect(next, 302)
  })

  app.get('/deconnexion', { schema: READS_NOTHING }, async (_request, reply) => {
    reply.clearCookie(CONSOLE_COOKIE, { path: cookiePath })
    return await reply.headers(NO_STORE_HEADERS).redirect(`${config.basePath}/logout`, 302)
  })

  await app.register(async (gated) => {
    // On request, before the body is read and before route schemas: a stranger learns nothing from them.
    gated.addHook('onRequest', consoleGate(config, ctx.tickets))

    /**
     * The :uai of a route (its schema checked the shape) or of a draft, within the admin's
     * establishments; a 403 page otherwise.
     */
    const establishment = (request: FastifyRequest, given?: string): string => {
      const uai = (given ?? (request.params as { uai: string }).uai).toUpperCase()
      const admin = adminOf(request)
      if (!allows(admin.scope, uai)) {
        audit(request, 'admin.refused', { reason: 'out_of_scope', status: 403, uai, via: 'console' })
        throw new ConsoleError(403, 'Accès refusé', `Vous n'administrez pas l'établissement ${uai}.`)
      }
      return uai
    }

    if (ctx.serviceStore !== undefined) await consoleServiceRoutes(gated, ctx, ctx.serviceStore, serviceSync)
    await importRoutes(gated, ctx, ctx.drafts ?? new MemoryDraftStore(), establishment)

    gated.get('/', { schema: READS_NOTHING }, async (request, reply) => {
      const admin = adminOf(request)
      const rows = await Promise.all(establishmentsOf(admin.scope, ctx.registry).map(async (uai) => {
        const counts: [number, number, number, number] = [0, 0, 0, 0]
        for (const l of await ctx.links.listEstablishment(uai)) counts[l.category - 1]++
        const last = (await ctx.links.importHistory(uai))[0]
        return { uai, name: ctx.registry.forEstablishment(uai)?.name, counts, last: last === undefined ? undefined : { at: last.at, by: last.by, mode: last.mode } }
      }))
      return await html(reply).send(establishmentsPage(config.basePath, admin.uid, rows))
    })

    const showLinks = async (request: FastifyRequest, reply: FastifyReply, uai: string, over: Partial<LinksPageOptions> = {}, status = 200): Promise<FastifyReply> => {
      const admin = adminOf(request)
      const q = request.query
      const origine = text(q, 'origine')
      const source = origine === 'import' || origine === 'manual' ? origine : undefined
      const filter: LinksFilter = { q: text(q, 'q').slice(0, 100), category: categoryOf(text(q, 'categorie')), source }
      const links = await ctx.links.listEstablishment(uai)
      const rows = filterLinks(links, await namesOf(ctx.directories, uai), filter)
      return await html(reply).code(status).send(linksPage({ basePath: config.basePath, uid: admin.uid, csrf: admin.session.csrf, uai, rows, total: links.length, filter, ...over }))
    }

    gated.get('/etablissements/:uai/liens', { schema: LINKS_SCHEMA }, async (request, reply) => await showLinks(request, reply, establishment(request)))

    gated.post('/etablissements/:uai/liens', { schema: LINK_FORM_SCHEMA }, async (request, reply) => {
      const uai = establishment(request)
      checkCsrf(request)
      const body = request.body
      const form = { idpn: text(body, 'idpn'), uid: text(body, 'uid'), category: text(body, 'categorie') }
      const category = categoryOf(form.category)
      if (form.idpn === '' || form.uid === '' || category === undefined) {
        return await showLinks(request, reply, uai, { form, error: 'Renseignez l\'IDPN, l\'identifiant de la personne et la catégorie.' }, 400)
      }
      const by = adminOf(request).uid
      try {
        const link = await linkByHand({ links: ctx.links, directories: ctx.directories }, { uai, idpn: form.idpn, uid: form.uid, category, move: text(body, 'deplacer') === '1', by })
        audit(request, 'admin.link', { uai, idpn: link.idpn, uid: link.uid, category, via: 'console' })
        return await showLinks(request, reply, uai, { notice: `IDPN ${link.idpn} lié à ${link.uid}.` })
      } catch (err) {
        if (!(err instanceof LinkRuleError)) throw err
        audit(request, 'admin.link.refused', { uai, idpn: form.idpn.slice(0, 64), uid: form.uid.slice(0, 256), code: err.code, via: 'console' })
        return await showLinks(request, reply, uai, { form, error: err.message }, err.status === 404 ? 404 : err.status)
      }
    })

    gated.post('/etablissements/:uai/liens/:idpn/suppression', { schema: UNLINK_SCHEMA }, async (request, reply) => {
      const uai = establishment(request)
      checkCsrf(request)
      const idpn = (request.params as { idpn: string }).idpn
      if (!await ctx.links.unlink(uai, idpn)) {
        return await showLinks(request, reply, uai, { error: `Aucun lien pour l'IDPN ${idpn.slice(0, 64)} dans l'établissement ${uai}.` }, 404)
      }
      audit(request, 'admin.unlink', { uai, idpn, via: 'console' })
      return await showLinks(request, reply, uai, { notice: `Lien de l'IDPN ${idpn} supprimé.` })
    })

    gated.get('/etablissements/:uai/liens.csv', { schema: ESTABLISHMENT_SCHEMA }, async (request, reply) => {
      const uai = establishment(request)
      const casUser = await casUserOf(ctx.registry.forEstablishment(uai), uai, ctx.directories)
      const csv = exportLinksCsv(await ctx.links.listEstablishment(uai), casUser)
      audit(request, 'admin.csv', { uai, via: 'console' })
      return await reply.headers(NO_STORE_HEADERS).type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="liens-pronote-${uai}.csv"`).send(csv)
    })
  })
}
