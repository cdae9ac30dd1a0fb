import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { renderCasJson } from '../views/renderCasJson.js'
import { renderCasXml } from '../views/renderCasXml.js'
import { renderProxyJson } from '../views/renderProxyJson.js'
import { renderProxyXml } from '../views/renderProxyXml.js'
import { audit, auditRefused } from './audit.js'
import { NO_STORE_HEADERS } from './casPaths.js'
import { casAnswerOf, casFailure, wantsJson } from './casAnswer.js'
import type { Fields } from './params.js'

/**
 * The one place where /validate, /serviceValidate, /proxyValidate, /p3/… and /proxy answer a
 * refusal. A CAS error is an answer, not a failure: status 200, in the style the route declares
 * (CAS 1.0 text, CAS 2.0/3.0 XML or JSON, a proxy failure), audited.
 */
export async function validationErrorHandler (err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const answer = casAnswerOf(request, reply)
  const failure = casFailure(err, request)
  reply.code(200).headers(NO_STORE_HEADERS)
  const json = wantsJson(request)
  const result = { ok: false as const, code: failure.code, description: failure.description }
  switch (answer.style) {
    case 'cas1':
      auditRefused(request, answer.endpoint, failure.code, request.query as Fields)
      return await reply.type('text/plain; charset=utf-8').send('no\n\n')
    case 'validation':
      auditRefused(request, answer.endpoint, failure.code, request.query as Fields, failure.reason)
      if (json) return await reply.type('application/json; charset=utf-8').send(renderCasJson(result, answer.version))
      return await reply.type('application/xml; charset=utf-8').send(renderCasXml(result, answer.version))
    case 'proxy':
      audit(request, 'proxy.refused', { code: failure.code })
      if (json) return await reply.type('application/json; charset=utf-8').send(renderProxyJson(result))
      return await reply.type('application/xml; charset=utf-8').send(renderProxyXml(result))
  }
}
