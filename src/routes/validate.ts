import type { FastifyInstance } from 'fastify'
import { CasError } from '../errors/CasError.js'
import type { CasContext } from '../protocol/CasContext.js'
import { grantProxyGrantingTicket } from '../protocol/grantProxyGrantingTicket.js'
import { validateServiceTicket } from '../protocol/validateServiceTicket.js'
import { renderCasJson } from '../views/renderCasJson.js'
import { renderCasXml } from '../views/renderCasXml.js'
import type { ProtocolVersion, ValidationResult } from '../views/ValidationResult.js'
import { audit, auditRefused, shortTicket } from './audit.js'
import { NO_STORE_HEADERS } from './casPaths.js'
import { flag, param, type Fields } from './params.js'

function ambiguous (): never {
  throw new CasError('INVALID_REQUEST', 'Un même paramètre a été donné plusieurs fois.')
}

/** Sends a validation result in the format the request asked for (XML by default, or format=JSON). */
function send (reply: import('fastify').FastifyReply, result: ValidationResult, version: ProtocolVersion, json: boolean): import('fastify').FastifyReply {
  reply.headers(NO_STORE_HEADERS)
  if (json) return reply.type('application/json; charset=utf-8').send(renderCasJson(result, version))
  return reply.type('application/xml; charset=utf-8').send(renderCasXml(result, version))
}

/**
 * /validate (CAS 1.0), /serviceValidate and /proxyValidate (CAS 2.0), /p3/… (CAS 3.0). A CAS
 * error is an answer, not a failure: it is rendered here in the client's format, with status 200.
 */
export async function validationRoutes (app: FastifyInstance, ctx: CasContext): Promise<void> {
  app.get('/validate', async (request, reply) => {
    reply.headers(NO_STORE_HEADERS).type('text/plain; charset=utf-8')
    const q = request.query as Fields
    try {
      const ticket = await validateServiceTicket(ctx.tickets, {
        ticket: param(q, 'ticket', ambiguous), service: param(q, 'service', ambiguous), renew: flag(q, 'renew'), acceptProxyTickets: false
      })
      audit(request, 'ticket.validated', { endpoint: '/validate', ticket: shortTicket(ticket.id), service: ticket.serviceKey, user: ticket.user })
      // CAS 1.0 is line-based: a user name with a line break would forge the answer.
      return await reply.send(`yes\n${ticket.user.replace(/[\r\n]/g, ' ')}\n`)
    } catch (err) {
      if (!(err instanceof CasError)) request.log.error({ err }, 'validation failed')
      auditRefused(request, '/validate', err instanceof CasError ? err.code : 'INTERNAL_ERROR', q)
      return await reply.send('no\n\n')
    }
  })

  const endpoints: Array<[string, ProtocolVersion, boolean]> = [
    ['/serviceValidate', 2, false],
    ['/proxyValidate', 2, true],
    ['/p3/serviceValidate', 3, false],
    ['/p3/proxyValidate', 3, true]
  ]
  for (const [path, version, acceptProxyTickets] of endpoints) {
    app.get(path, async (request, reply) => {
      const q = request.query as Fields
      const json = typeof q.format === 'string' && q.format.toUpperCase() === 'JSON'
      let result: ValidationResult
      try {
        const pgtUrl = param(q, 'pgtUrl', ambiguous)
        const ticket = await validateServiceTicket(ctx.tickets, {
          ticket: param(q, 'ticket', ambiguous), service: param(q, 'service', ambiguous), renew: flag(q, 'renew'), acceptProxyTickets
        })
        let pgtIou: string | undefined
        if (pgtUrl !== undefined && pgtUrl !== '') {
          const grant = await grantProxyGrantingTicket(ctx, ticket, pgtUrl)
          pgtIou = grant.pgtIou
          if (pgtIou === undefined) request.log.warn({ event: 'proxy.callbackRefused', service: ticket.serviceKey, status: grant.status }, 'proxy callback did not answer 200: no PGT')
        }
        result = pgtIou === undefined ? { ok: true, ticket } : { ok: true, ticket, pgtIou }
        audit(request, 'ticket.validated', { endpoint: path, ticket: shortTicket(ticket.id), service: ticket.serviceKey, user: ticket.user, pgt: pgtIou !== undefined })
      } catch (err) {
        if (!(err instanceof CasError)) request.log.error({ err }, 'validation failed')
        const cas = err instanceof CasError ? err : new CasError('INTERNAL_ERROR', 'Erreur interne du serveur d\'authentification.')
        result = { ok: false, code: cas.code, description: cas.message }
        auditRefused(request, path, cas.code, q, cas.reason)
      }
      return send(reply, result, version, json)
    })
  }
}
