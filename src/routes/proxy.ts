import type { FastifyInstance } from 'fastify'
import type { CasContext } from '../protocol/CasContext.js'
import { grantProxyTicket } from '../protocol/grantProxyTicket.js'
import type { ProxyResult } from '../views/ProxyResult.js'
import { renderProxyJson } from '../views/renderProxyJson.js'
import { renderProxyXml } from '../views/renderProxyXml.js'
import { audit, shortTicket } from './audit.js'
import { wantsJson } from './casAnswer.js'
import { NO_STORE_HEADERS } from './casPaths.js'
import { param, type Fields } from './params.js'

/**
 * GET /proxy (CAS 3.0 §2.7): a proxy ticket from a proxy-granting ticket. A refusal is thrown and
 * answered by validationErrorHandler as a proxyFailure, status 200. Register inside validationPlugin.
 */
export async function proxyRoutes (app: FastifyInstance, ctx: CasContext): Promise<void> {
  app.get('/proxy', { config: { casAnswer: { style: 'proxy', endpoint: '/proxy' } } }, async (request, reply) => {
    const q = request.query as Fields
    const ticket = await grantProxyTicket(ctx, { pgt: param(q, 'pgt'), targetService: param(q, 'targetService') })
    const result: ProxyResult = { ok: true, proxyTicket: ticket.id }
    audit(request, 'proxy.granted', { ticket: shortTicket(ticket.id), service: ticket.serviceKey, user: ticket.user, proxies: ticket.proxies })
    reply.headers(NO_STORE_HEADERS)
    if (wantsJson(request)) return await reply.type('application/json; charset=utf-8').send(renderProxyJson(result))
    return await reply.type('application/xml; charset=utf-8').send(renderProxyXml(result))
  })
}
