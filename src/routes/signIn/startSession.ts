import { startSession as openSession } from '../../protocol/startSession.js'
import { audit } from '../audit.js'
import { TGC_COOKIE } from '../casPaths.js'
import { endSessionOf } from '../endSessionOf.js'
import { filled, type SignInStep } from './SignInAttempt.js'

/** Opens the session and sets its cookie, ending the one this browser held before. */
export const startSession: SignInStep = async (attempt) => {
  const { flow: { ctx, options, cookiePath }, request, reply, req, state } = attempt
  const person = filled(attempt.person, 'person')
  // A browser that still held a session (renew, or another person on a shared computer) gets
  // only the new one: the old one ends, with single logout of its applications.
  const previous = request.cookies[TGC_COOKIE]
  if (previous !== undefined) await endSessionOf(request, ctx, previous, 'new sign-in', options.onSessionEnded)
  const tgt = await openSession(ctx, person, state.rememberMe)
  audit(request, 'login.success', { directory: filled(attempt.directory, 'directory').id, user: person.uid, service: req.match?.service.id, rememberMe: state.rememberMe })
  reply.setCookie(TGC_COOKIE, tgt.id, {
    path: cookiePath,
    httpOnly: true,
    secure: ctx.config.secure,
    sameSite: 'lax',
    // A session cookie unless "Se souvenir de moi" was ticked.
    ...(state.rememberMe ? { maxAge: ctx.config.rememberMeTtlSeconds } : {})
  })
  attempt.tgt = tgt
  attempt.fromNewLogin = true
  return undefined
}
