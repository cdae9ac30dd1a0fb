import type { FastifyInstance } from 'fastify'
import { CasError } from '../errors/CasError.js'
import type { CasContext } from '../protocol/CasContext.js'
import { grantProxyTicket } from '../protocol/grantProxyTicket.js'
import type { ProxyResult } from '../views/ProxyResult.js'
import { renderProxyJson } from '../views/renderProxyJson.js'
import { renderProxyXml } from '../views/renderProxyXml.js'
import { audit, shortTicket } from './audit.js'
import { NO_STORE_HEADERS } from './casPaths.js'
import { param, type Fields } from './params.js'

function ambiguous (): never {
  throw new CasError('INVALID_REQUEST', 'Un même paramètre a été donné plusieurs fois.')
}

/** GET /proxy (CAS 3.0 §2.7): a proxy ticket from a proxy-granting ticket; errors are answers, status 200. */
export async function proxyRoutes (app: FastifyInstance, ctx: CasContext): Promise<void> {
  app.get('/proxy', async (request, reply) => {
    const q = request.query as Fields
    const json = typeof q.format === 'string' && q.format.toUpperCase() === 'JSON'
    let result: ProxyResult
    try {
      const ticket = await grantProxyTicket(ctx, { pgt: param(q, 'pgt', ambiguous), targetService: param(q, 'targetService', ambiguous) })
      result = { ok: true, proxyTicket: ticket.id }
      audit(request, 'proxy.granted', { ticket: shortTicket(ticket.id), service: ticket.serviceKey, user: ticket.user, proxies: ticket.proxies })
    } catch (err) {
      if (!(err instanceof CasError)) request.log.error({ err }, 'proxy ticket request failed')
      const cas = err instanceof CasError ? err : new CasError('INTERNAL_ERROR', 'Erreur interne du serveur d\'authentification.')
      result = { ok: false, code: cas.code, description: cas.message }
      audit(request, 'proxy.refused', { code: cas.code })
    }
    reply.headers(NO_STORE_HEADERS)
    if (json) return await reply.type('application/json; charset=utf-8').send(renderProxyJson(result))
    return await reply.type('application/xml; charset=utf-8').send(renderProxyXml(result))
  })
}
