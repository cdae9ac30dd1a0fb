import { audit } from '../audit.js'
import { refuse } from './refuse.js'
import { filled, type SignInStep } from './SignInAttempt.js'

/** Failed attempts per address, per login and per both: over a limit, the directory is not asked. */
export const throttle: SignInStep = async (attempt) => {
  const { flow, request, req, state } = attempt
  const over = await flow.throttle.admit(request.ip, state.username)
  if (over === undefined) return undefined
  audit(request, 'login.throttled', { directory: filled(attempt.directory, 'directory').id, limit: over, service: req.match?.service.id })
  // The same words whichever limit: the per-login one must not tell that a login exists.
  return await refuse(attempt, 429, 'Trop de tentatives de connexion. Patientez quelques minutes avant de réessayer.')
}
