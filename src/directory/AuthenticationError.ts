export type AuthenticationFailure = 'invalidCredentials' | 'locked' | 'expired'

const MESSAGES: Record<AuthenticationFailure, string> = {
  invalidCredentials: 'Identifiant ou mot de passe incorrect.',
  locked: 'Ce compte est bloqué. Adressez-vous à l\'administrateur de votre établissement.',
  expired: 'Le mot de passe de ce compte a expiré. Changez-le depuis votre espace académique avant de vous connecter.'
}

/** A sign-in refused for a reason the person can act on; the message is the French one shown. */
export class AuthenticationError extends Error {
  readonly reason: AuthenticationFailure
  constructor (reason: AuthenticationFailure) {
    super(MESSAGES[reason])
    this.name = 'AuthenticationError'
    this.reason = reason
  }
}
