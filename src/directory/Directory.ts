import type { Person } from './Person.js'

/**
 * A place people sign in against: one choice on the login page. Implementations: FileDirectory
 * and LdapDirectory, checked by the same contract suite.
 *
 * authenticate throws AuthenticationError for a refusal the person can fix (wrong password,
 * locked account) and DirectoryUnavailableError when the directory cannot answer.
 */
export interface Directory {
  readonly id: string
  readonly label: string
  authenticate (login: string, password: string): Promise<Person>
  /** Every person attached to an establishment, for matching PRONOTE exports. */
  peopleOf (uai: string): AsyncIterable<Person>
  /** Whether the directory answers (readiness). */
  ping (): Promise<boolean>
  close (): Promise<void>
}
