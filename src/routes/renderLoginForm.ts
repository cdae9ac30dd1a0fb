import type { FastifyReply, FastifyRequest } from 'fastify'
import type { CasContext } from '../protocol/CasContext.js'
import { issueLoginToken } from '../protocol/loginToken.js'
import type { ServiceMatch } from '../services/ServiceRegistry.js'
import { loginPage, type LoginFormFields } from '../views/loginPage.js'
import { formBindingFor } from './formBinding.js'
import { contentSecurityPolicy, SELF } from './securityHeaders.js'

/** The form's fields and the registered service they lead to (its name on the page, its origin in the CSP). */
export interface LoginFormState extends LoginFormFields {
  match: ServiceMatch | undefined
}

/** Sends the sign-in form with a fresh one-time `execution` token, bound to the browser's pre-login cookie. */
export async function renderLoginForm (ctx: CasContext, request: FastifyRequest, reply: FastifyReply, state: LoginFormState, status = 200): Promise<FastifyReply> {
  const execution = await issueLoginToken(ctx.config.casSecrets, ctx.config.loginTokenTtlSeconds, formBindingFor(request, reply, ctx.config))
  const selected = ctx.directories.some((d) => d.id === state.selected) ? state.selected : undefined
  const { match, ...fields } = state
  const html = loginPage({ ...fields, basePath: ctx.config.basePath, directories: ctx.directories, selected, execution, serviceName: match?.service.name })
  // The form's post ends in a redirect to the service, which the policy must let through.
  if (match !== undefined) reply.header('content-security-policy', contentSecurityPolicy([SELF, match.url.origin]))
  // Under no-referrer, browsers post the form with `Origin: null`; same-origin lets our own form
  // name its origin, which POST /login checks, and still sends no referrer to any other site.
  reply.header('referrer-policy', 'same-origin')
  return await reply.code(status).type('text/html; charset=utf-8').send(html)
}
