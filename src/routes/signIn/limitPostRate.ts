import { audit } from '../audit.js'
import { refuse } from './refuse.js'
import type { SignInStep } from './SignInAttempt.js'

/** Posts per address per minute, whatever their content: a flood never reaches the token checks. */
export const limitPostRate: SignInStep = async (attempt) => {
  const { flow, request } = attempt
  if (await flow.postRate.allow(request.ip)) return undefined
  audit(request, 'login.refused', { reason: 'postRate' })
  return await refuse(attempt, 429, 'Trop de demandes de connexion depuis votre réseau. Patientez une minute avant de réessayer.')
}
