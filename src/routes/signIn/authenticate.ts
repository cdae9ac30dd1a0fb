import { AuthenticationError } from '../../directory/AuthenticationError.js'
import { DirectoryUnavailableError } from '../../directory/DirectoryUnavailableError.js'
import { ProtocolError } from '../../errors/ProtocolError.js'
import { audit } from '../audit.js'
import { refuse } from './refuse.js'
import { filled, type SignInStep } from './SignInAttempt.js'

/** The directory checks the password: a wrong one is counted, an unreachable directory is not. */
export const authenticate: SignInStep = async (attempt) => {
  const { flow: { outages, throttle }, request, req, state, password } = attempt
  const directory = filled(attempt.directory, 'directory')
  try {
    attempt.person = await directory.authenticate(state.username, password)
    outages.answered(request.log, directory.id)
  } catch (err) {
    if (err instanceof AuthenticationError) {
      outages.answered(request.log, directory.id)
      audit(request, 'login.failure', { directory: directory.id, login: state.username, reason: err.reason, accountState: err.accountState, service: req.match?.service.id })
      return await refuse(attempt, 401, err.message)
    }
    // No answer is no failure: the attempt does not count against the person.
    await throttle.abandoned(request.ip, state.username)
    if (err instanceof DirectoryUnavailableError) {
      outages.failed(request.log, directory.id, err.message)
      throw new ProtocolError('unavailable', 'directory unavailable', err.message)
    }
    throw err
  }
  await throttle.succeeded(request.ip, state.username)
  return undefined
}
