import { verifyLoginToken } from '../../protocol/loginToken.js'
import { audit } from '../audit.js'
import { sentFormBinding } from '../formBinding.js'
import { param } from '../params.js'
import { refuse, refuseForeignForm } from './refuse.js'
import type { SignInStep } from './SignInAttempt.js'

export const TOKEN_MESSAGES = {
  missing: 'La page de connexion n\'est plus valable. Saisissez à nouveau vos identifiants.',
  invalid: 'La page de connexion n\'est plus valable. Saisissez à nouveau vos identifiants.',
  expired: 'La page de connexion a expiré. Saisissez à nouveau vos identifiants.',
  replayed: 'Ce formulaire a déjà été envoyé. Saisissez à nouveau vos identifiants.'
} as const

/**
 * The `execution` token: signed by us, not expired, and drawn for this browser's pre-login
 * cookie (one drawn for another browser is login CSRF). Only checked here; claimed later.
 */
export const verifyFormToken: SignInStep = async (attempt) => {
  const { flow: { ctx: { config } }, request, fields } = attempt
  const token = await verifyLoginToken(config.casSecrets, param(fields, 'execution'), sentFormBinding(request, config))
  if (!('problem' in token)) {
    attempt.tokenId = token.jti
    return undefined
  }
  if (token.problem !== 'unbound') return await refuse(attempt, 400, TOKEN_MESSAGES[token.problem])
  audit(request, 'login.refused', { reason: 'unboundForm' })
  return await refuseForeignForm(attempt)
}
