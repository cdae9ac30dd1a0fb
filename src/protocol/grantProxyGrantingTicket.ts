import { ProtocolError } from '../errors/ProtocolError.js'
import { normalizeServiceUrl } from '../services/normalizeServiceUrl.js'
import { newTicketId } from '../tickets/newTicketId.js'
import type { ProxyGrantingTicket, ServiceTicket } from '../tickets/Ticket.js'
import { callProxyCallback } from './callProxyCallback.js'
import type { CasContext } from './CasContext.js'
import { CallbackAddressError, resolveCallbackAddress } from './resolveCallbackAddress.js'

/**
 * What the caller reads when the callback was not reached: the same words whatever the cause
 * (refused, timed out, bad certificate, internal address), so that pgtUrl cannot be used to map
 * the internal network from the outside. The cause goes to the log and the audit log.
 */
export const CALLBACK_UNREACHABLE = 'L\'adresse de rappel du proxy (pgtUrl) n\'a pas pu être jointe de façon sûre.'

/** What became of a pgtUrl whose callback was reached: the IOU when it answered 200. */
export interface ProxyGrant {
  pgtIou: string | undefined
  /** The callback's HTTP status. */
  status: number
}

/**
 * CAS 3.0 §2.5.4, for a ticket that has just been validated with a `pgtUrl`:
 * - the ticket's service must be allowed to proxy (`proxy.callbackPattern`), otherwise
 *   UNAUTHORIZED_SERVICE_PROXY;
 * - the pgtUrl must be https and match that pattern, and its server must present a valid
 *   certificate for its name and answer in time, otherwise INVALID_PROXY_CALLBACK: step 1 says
 *   that then "service ticket validation will fail";
 * - the pgtUrl's host must not resolve to a loopback, link-local or private address, unless the
 *   callbackPattern names that host literally; the connection goes to the address checked;
 * - the callback gets `pgtId` and `pgtIou` appended to its own query; only a 200 gets the PGT
 *   stored and the IOU returned. Any other status (3xx included: redirects are not followed)
 *   leaves a successful validation without a PGTIOU (step 3).
 * The new PGT's chain is the pgtUrl, as given, before the ticket's own chain.
 */
export async function grantProxyGrantingTicket (ctx: CasContext, ticket: ServiceTicket, pgtUrl: string): Promise<ProxyGrant> {
  const service = ctx.registry.byKey(ticket.serviceKey)
  if (service?.proxyCallback === undefined) {
    throw new ProtocolError('UNAUTHORIZED_SERVICE_PROXY', 'Ce service n\'est pas autorisé à utiliser l\'authentification par proxy.')
  }
  const url = normalizeServiceUrl(pgtUrl)
  if (url === undefined || url.protocol !== 'https:') {
    throw new ProtocolError('INVALID_PROXY_CALLBACK', 'L\'adresse de rappel du proxy (pgtUrl) doit être une URL https valide.')
  }
  if (!service.proxyCallback(url.url)) {
    throw new ProtocolError('INVALID_PROXY_CALLBACK', 'L\'adresse de rappel du proxy (pgtUrl) n\'est pas autorisée pour ce service.')
  }
  const { hostname } = url
  let address
  try {
    address = await resolveCallbackAddress(hostname, service.proxyCallbackHost === hostname, ctx.config.proxyCallbackTimeoutMs)
  } catch (err) {
    if (!(err instanceof CallbackAddressError)) throw err
    throw new ProtocolError('INVALID_PROXY_CALLBACK', CALLBACK_UNREACHABLE, err.message)
  }
  const pgtId = newTicketId('PGT')
  const pgtIou = newTicketId('PGTIOU')
  const callback = `${url.url}${url.url.includes('?') ? '&' : '?'}pgtId=${pgtId}&pgtIou=${pgtIou}`
  const outcome = await callProxyCallback(callback, { extraCa: ctx.config.proxyCa, timeoutMs: ctx.config.proxyCallbackTimeoutMs, address })
  if ('error' in outcome) {
    throw new ProtocolError('INVALID_PROXY_CALLBACK', CALLBACK_UNREACHABLE, `${address.address}: ${outcome.error}`)
  }
  if (outcome.status !== 200) return { pgtIou: undefined, status: outcome.status }
  const pgt: ProxyGrantingTicket = {
    id: pgtId,
    tgtId: ticket.tgtId,
    user: ticket.user,
    attributes: ticket.attributes,
    authenticatedAt: ticket.authenticatedAt,
    rememberMe: ticket.rememberMe,
    proxies: [pgtUrl, ...ticket.proxies],
    service: pgtUrl
  }
  await ctx.tickets.addProxyGrantingTicket(pgt, ctx.config.pgtTtlSeconds)
  return { pgtIou, status: 200 }
}
