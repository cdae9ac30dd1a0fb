import { useSessionFor } from '../../protocol/useSessionFor.js'
import { TGC_COOKIE } from '../casPaths.js'
import { deliverTicket } from './deliverTicket.js'
import type { SignInStep } from './SignInAttempt.js'

/**
 * Single sign-on: a browser with a live session goes on without the form. `renew=true` asks for
 * the password again whatever the session. A cookie that names no session any more is cleared.
 */
export const resumeSession: SignInStep = async (attempt) => {
  const { flow, request, reply, req } = attempt
  if (req.renew) return undefined
  const tgc = request.cookies[TGC_COOKIE]
  if (tgc === undefined) return undefined
  const { tgt, links } = await useSessionFor(flow.ctx, tgc, req.match)
  if (tgt === undefined) {
    reply.clearCookie(TGC_COOKIE, { path: flow.cookiePath })
    return undefined
  }
  attempt.tgt = tgt
  attempt.links = links
  return await deliverTicket(attempt)
}
