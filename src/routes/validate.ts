import type { FastifyInstance } from 'fastify'
import type { CasContext } from '../protocol/CasContext.js'
import { grantProxyGrantingTicket } from '../protocol/grantProxyGrantingTicket.js'
import { validateServiceTicket } from '../protocol/validateServiceTicket.js'
import { renderCasJson } from '../views/renderCasJson.js'
import { renderCasXml } from '../views/renderCasXml.js'
import type { ProtocolVersion, ValidationResult } from '../views/ValidationResult.js'
import { audit, shortTicket } from './audit.js'
import { wantsJson } from './casAnswer.js'
import { NO_STORE_HEADERS } from './casPaths.js'
import { flag, param, type Fields } from './params.js'

/**
 * /validate (CAS 1.0), /serviceValidate and /proxyValidate (CAS 2.0), /p3/… (CAS 3.0). Each route
 * answers success; a refusal is thrown and answered by validationErrorHandler, in the style the
 * route declares in its config. Register inside validationPlugin.
 */
export async function validationRoutes (app: FastifyInstance, ctx: CasContext): Promise<void> {
  app.get('/validate', { config: { casAnswer: { style: 'cas1', endpoint: '/validate' } } }, async (request, reply) => {
    const q = request.query as Fields
    const ticket = await validateServiceTicket(ctx.tickets, {
      ticket: param(q, 'ticket'), service: param(q, 'service'), renew: flag(q, 'renew'), acceptProxyTickets: false
    })
    audit(request, 'ticket.validated', { endpoint: '/validate', ticket: shortTicket(ticket.id), service: ticket.serviceKey, user: ticket.user })
    // CAS 1.0 is line-based: a user name with a line break would forge the answer.
    return await reply.headers(NO_STORE_HEADERS).type('text/plain; charset=utf-8').send(`yes\n${ticket.user.replace(/[\r\n]/g, ' ')}\n`)
  })

  const endpoints: Array<[string, ProtocolVersion, boolean]> = [
    ['/serviceValidate', 2, false],
    ['/proxyValidate', 2, true],
    ['/p3/serviceValidate', 3, false],
    ['/p3/proxyValidate', 3, true]
  ]
  for (const [path, version, acceptProxyTickets] of endpoints) {
    app.get(path, { config: { casAnswer: { style: 'validation', endpoint: path, version } } }, async (request, reply) => {
      const q = request.query as Fields
      const pgtUrl = param(q, 'pgtUrl')
      const ticket = await validateServiceTicket(ctx.tickets, {
        ticket: param(q, 'ticket'), service: param(q, 'service'), renew: flag(q, 'renew'), acceptProxyTickets
      })
      let pgtIou: string | undefined
      if (pgtUrl !== undefined && pgtUrl !== '') {
        const grant = await grantProxyGrantingTicket(ctx, ticket, pgtUrl)
        pgtIou = grant.pgtIou
        if (pgtIou === undefined) request.log.warn({ event: 'proxy.callbackRefused', service: ticket.serviceKey, status: grant.status }, 'proxy callback did not answer 200: no PGT')
      }
      const result: ValidationResult = pgtIou === undefined ? { ok: true, ticket } : { ok: true, ticket, pgtIou }
      audit(request, 'ticket.validated', { endpoint: path, ticket: shortTicket(ticket.id), service: ticket.serviceKey, user: ticket.user, pgt: pgtIou !== undefined })
      reply.headers(NO_STORE_HEADERS)
      if (wantsJson(request)) return await reply.type('application/json; charset=utf-8').send(renderCasJson(result, version))
      return await reply.type('application/xml; charset=utf-8').send(renderCasXml(result, version))
    })
  }
}
