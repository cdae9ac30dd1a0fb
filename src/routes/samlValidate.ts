import type { FastifyInstance, FastifyReply } from 'fastify'
import { CasError } from '../errors/CasError.js'
import type { CasContext } from '../protocol/CasContext.js'
import { parseSamlRequest } from '../protocol/parseSamlRequest.js'
import { validateServiceTicket } from '../protocol/validateServiceTicket.js'
import { normalizeServiceUrl } from '../services/normalizeServiceUrl.js'
import { renderSamlResponse, type SamlResult } from '../views/renderSamlResponse.js'
import { audit, auditRefused, shortTicket } from './audit.js'
import { NO_STORE_HEADERS } from './casPaths.js'
import { param, type Fields } from './params.js'

const XML_TYPES = ['text/xml', 'application/xml', 'application/soap+xml']

function ambiguous (): never {
  throw new CasError('INVALID_REQUEST', 'Un même paramètre a été donné plusieurs fois.')
}

/**
 * POST /samlValidate?TARGET=… (SAML 1.1, as Apereo CAS serves it): the ticket comes in the SOAP
 * body as `<samlp:AssertionArtifact>`, TARGET is the service. Attributes are released only to an
 * https TARGET, since the assertion is not signed. Every answer, refusals included, is a
 * well-formed SOAP envelope with status 200. Register inside its own plugin: it adds XML body
 * parsers.
 */
export async function samlValidateRoutes (app: FastifyInstance, ctx: CasContext): Promise<void> {
  // Clients send text/xml; any other type is read as text too, and then refused as SAML.
  for (const type of [...XML_TYPES, '*']) {
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => { done(null, body) })
  }
  const issuer = new URL(ctx.config.publicUrl).hostname

  const send = (reply: FastifyReply, result: SamlResult, requestId: string | undefined): FastifyReply =>
    reply.headers(NO_STORE_HEADERS).type('text/xml; charset=utf-8').send(renderSamlResponse(result, { issuer, requestId }))

  // A body Fastify refuses (too large, unreadable) still gets a SAML answer, not an HTML page.
  app.setErrorHandler(async (err: Error & { statusCode?: number }, request, reply) => {
    const status = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500
    if (status === 500) request.log.error({ err }, 'samlValidate failed')
    const code = status === 500 ? 'INTERNAL_ERROR' : 'INVALID_REQUEST'
    return send(reply.code(status), { ok: false, code, description: status === 413 ? 'La requête est trop volumineuse.' : 'La requête est invalide.', target: undefined }, undefined)
  })

  app.get('/samlValidate', async (_request, reply) => {
    reply.code(405).header('allow', 'POST')
    return send(reply, { ok: false, code: 'INVALID_REQUEST', description: '/samlValidate n\'accepte que POST.', target: undefined }, undefined)
  })

  app.post('/samlValidate', async (request, reply) => {
    let target: string | undefined
    let requestId: string | undefined
    let artifact: string | undefined
    let result: SamlResult
    try {
      target = param(request.query as Fields, 'TARGET', ambiguous)
      if (target === undefined || target === '') throw new CasError('INVALID_REQUEST', 'Le paramètre « TARGET » est obligatoire.')
      const saml = parseSamlRequest(typeof request.body === 'string' ? request.body : '')
      requestId = saml.requestId
      artifact = saml.artifact
      const ticket = await validateServiceTicket(ctx.tickets, { ticket: saml.artifact, service: target, renew: false, acceptProxyTickets: false })
      result = { ok: true, ticket, target, releaseAttributes: normalizeServiceUrl(target)?.protocol === 'https:' }
      audit(request, 'ticket.validated', { endpoint: '/samlValidate', ticket: shortTicket(ticket.id), service: ticket.serviceKey, user: ticket.user })
    } catch (err) {
      if (!(err instanceof CasError)) request.log.error({ err }, 'validation failed')
      const cas = err instanceof CasError ? err : new CasError('INTERNAL_ERROR', 'Erreur interne du serveur d\'authentification.')
      result = { ok: false, code: cas.code, description: cas.message, target }
      auditRefused(request, '/samlValidate', cas.code, { ticket: artifact, service: target })
    }
    return send(reply, result, requestId)
  })
}
