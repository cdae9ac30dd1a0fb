export type AuthenticationFailure = 'invalidCredentials' | 'locked' | 'expired'

/** What a directory knows of an account's state, whether or not the password was proven. */
export type AccountState = 'locked' | 'expired'

const MESSAGES: Record<AuthenticationFailure, string> = {
  invalidCredentials: 'Identifiant ou mot de passe incorrect.',
  locked: 'Ce compte est bloqué. Adressez-vous à l\'administrateur de votre établissement.',
  expired: 'Le mot de passe de ce compte a expiré. Changez-le depuis votre espace académique avant de vous connecter.'
}

/**
 * A sign-in refused for a reason the person can act on; the message is the French one shown.
 *
 * `reason` is what the person is told. An account's state (locked, expired) is told only to whoever
 * proved its password: otherwise anyone could learn it by typing any password. A state the
 * directory knows without that proof is `accountState`, for the audit log alone, while `reason`
 * stays invalidCredentials, the answer an unknown login gets.
 */
export class AuthenticationError extends Error {
  readonly reason: AuthenticationFailure
  readonly accountState: AccountState | undefined
  constructor (reason: AuthenticationFailure, accountState: AccountState | undefined = reason === 'invalidCredentials' ? undefined : reason) {
    super(MESSAGES[reason])
    this.name = 'AuthenticationError'
    this.reason = reason
    this.accountState = accountState
  }

  /** A refusal of an account in this state, to someone who has not proven its password. */
  static unproven (accountState: AccountState | undefined): AuthenticationError {
    return new AuthenticationError('invalidCredentials', accountState)
  }
}
