import { serviceRedirectUrl } from '../../protocol/serviceRedirectUrl.js'
import type { SignInStep } from './SignInAttempt.js'

/**
 * `gateway=true` (CAS 3.0 §2.1.1): without a session the browser goes back to the service with
 * no ticket instead of seeing the form. `renew` wins over `gateway`: the form is shown.
 */
export const passGateway: SignInStep = async ({ reply, req }) => {
  if (req.renew || !req.gateway || req.match === undefined) return undefined
  return await reply.redirect(serviceRedirectUrl(req.match.url), 302)
}
