import { grantServiceTicket } from '../../protocol/grantServiceTicket.js'
import { serviceRedirectUrl } from '../../protocol/serviceRedirectUrl.js'
import type { ServiceMatch } from '../../services/ServiceRegistry.js'
import { postRedirectPage, warnPage } from '../../views/pages.js'
import { audit, shortTicket } from '../audit.js'
import { sendPortal } from '../portal.js'
import { contentSecurityPolicy } from '../securityHeaders.js'
import { filled, type SignInStep } from './SignInAttempt.js'

/**
 * Where the `warn` page's "Continuer" goes: /login again for the same service, without `warn`.
 * The ticket is issued there, when the person confirms: a ticket drawn into the page would have
 * expired (ST_TTL_SECONDS, 10 s) while they read it. The session cookie decides, as for any
 * single sign-on, so nothing more needs signing: without `warn` the same URL would have sent the
 * ticket at once anyway.
 */
function confirmUrl (basePath: string, match: ServiceMatch, method: 'GET' | 'POST'): string {
  const query = new URLSearchParams({ service: serviceRedirectUrl(match.url) })
  if (method === 'POST') query.set('method', 'POST')
  return `${basePath}/login?${query.toString()}`
}

/** Sends the signed-in browser on: the portal without a service, else the `warn` page, a redirect or a POST form with a ticket. */
export const deliverTicket: SignInStep = async (attempt) => {
  const { flow: { ctx }, request, reply, req, fromNewLogin } = attempt
  const tgt = filled(attempt.tgt, 'tgt')
  const match = req.match
  if (match === undefined) {
    await sendPortal(ctx, reply, tgt.person)
    return
  }
  const { basePath } = ctx.config
  if (req.warn && !fromNewLogin) {
    await reply.type('text/html; charset=utf-8').send(warnPage(basePath, match.service.name, confirmUrl(basePath, match, req.method)))
    return
  }
  const ticket = await grantServiceTicket(ctx, tgt, match, fromNewLogin, attempt.links)
  audit(request, 'ticket.issued', { ticket: shortTicket(ticket.id), service: match.service.id, user: ticket.user, fromNewLogin })
  if (req.method === 'POST') {
    // The page's form posts to the service: form-action must let that one origin through.
    reply.header('content-security-policy', contentSecurityPolicy([match.url.origin]))
    await reply.type('text/html; charset=utf-8').send(postRedirectPage(basePath, serviceRedirectUrl(match.url), ticket.id))
    return
  }
  await reply.redirect(serviceRedirectUrl(match.url, ticket.id), 302)
}
