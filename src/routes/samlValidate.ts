import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ProtocolError } from '../errors/ProtocolError.js'
import { parseSamlRequest } from '../protocol/parseSamlRequest.js'
import { validateServiceTicket } from '../protocol/validateServiceTicket.js'
import { normalizeServiceUrl } from '../services/normalizeServiceUrl.js'
import { renderSamlResponse, type SamlResult } from '../views/renderSamlResponse.js'
import { audit, auditRefused, shortTicket } from './audit.js'
import { casFailure } from './casAnswer.js'
import { NO_STORE_HEADERS } from './casPaths.js'
import { param, type Fields } from './params.js'

const XML_TYPES = ['text/xml', 'application/xml', 'application/soap+xml']

/** What the request said before it was refused, for the refusal's envelope and audit line. */
interface SamlExchange { target?: string, requestId?: string, artifact?: string }

/**
 * POST /samlValidate?TARGET=… (SAML 1.1, as Apereo CAS serves it): the ticket comes in the SOAP
 * body as `<samlp:AssertionArtifact>`, TARGET is the service. Attributes are released only to an
 * https TARGET, since the assertion is not signed. Every answer, refusals included, is a
 * well-formed SOAP envelope, with status 200 once the route is reached. Refusals are thrown and answered by this plugin's one error
 * handler. Register it with `app.register`, without fastify-plugin: its XML body parsers and
 * that handler must stay inside.
 */
export async function samlValidateRoutes (app: FastifyInstance): Promise<void> {
  const ctx = app.cas
  // Clients send text/xml; any other type is read as text too, and then refused as SAML.
  for (const type of [...XML_TYPES, '*']) {
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => { done(null, body) })
  }
  const issuer = new URL(ctx.config.publicUrl).hostname
  const exchanges = new WeakMap<FastifyRequest, SamlExchange>()

  const send = (reply: FastifyReply, result: SamlResult, requestId: string | undefined): FastifyReply =>
    reply.headers(NO_STORE_HEADERS).type('text/xml; charset=utf-8').send(renderSamlResponse(result, { issuer, requestId }))

  app.setErrorHandler(async (err: FastifyError | Error, request, reply) => {
    const failure = casFailure(err, request)
    const exchange = exchanges.get(request)
    // What the route refuses is a CAS answer (200, audited); a body Fastify refused never reached
    // it and keeps Fastify's status (500 if it was no client error).
    const status = exchange !== undefined ? 200 : failure.code === 'INTERNAL_ERROR' ? 500 : (err as FastifyError).statusCode ?? 400
    if (exchange !== undefined) auditRefused(request, '/samlValidate', failure.code, { ticket: exchange.artifact, service: exchange.target })
    return send(reply.code(status), { ok: false, code: failure.code, description: failure.description, target: exchange?.target }, exchange?.requestId)
  })

  app.get('/samlValidate', async (_request, reply) => {
    reply.code(405).header('allow', 'POST')
    return send(reply, { ok: false, code: 'INVALID_REQUEST', description: '/samlValidate n\'accepte que POST.', target: undefined }, undefined)
  })

  app.post('/samlValidate', async (request, reply) => {
    const exchange: SamlExchange = {}
    exchanges.set(request, exchange)
    const target = exchange.target = param(request.query as Fields, 'TARGET')
    if (target === undefined || target === '') throw new ProtocolError('INVALID_REQUEST', 'Le paramètre « TARGET » est obligatoire.')
    const saml = parseSamlRequest(typeof request.body === 'string' ? request.body : '')
    exchange.requestId = saml.requestId
    exchange.artifact = saml.artifact
    const ticket = await validateServiceTicket(ctx.tickets, { ticket: saml.artifact, service: target, renew: false, acceptProxyTickets: false })
    audit(request, 'ticket.validated', { endpoint: '/samlValidate', ticket: shortTicket(ticket.id), service: ticket.serviceKey, user: ticket.user })
    return send(reply, { ok: true, ticket, target, releaseAttributes: normalizeServiceUrl(target)?.protocol === 'https:' }, saml.requestId)
  })
}
