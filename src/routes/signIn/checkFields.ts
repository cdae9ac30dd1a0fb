import { refuse } from './refuse.js'
import type { SignInStep } from './SignInAttempt.js'

/** The profile chosen among the directories (implied when there is one), login and password given. */
export const checkFields: SignInStep = async (attempt) => {
  const { flow: { ctx }, state, password } = attempt
  const directory = ctx.directories.find((d) => d.id === state.selected) ?? (ctx.directories.length === 1 ? ctx.directories[0] : undefined)
  if (directory === undefined) return await refuse(attempt, 400, 'Choisissez votre profil de connexion.')
  if (state.username === '' || password === '') return await refuse(attempt, 400, 'Saisissez votre identifiant et votre mot de passe.')
  // No directory has logins or passwords this long; refusing them spares the directory the work.
  if (state.username.length > 256 || password.length > 1024) return await refuse(attempt, 400, 'Identifiant ou mot de passe trop long.', { username: '' })
  attempt.directory = directory
  return undefined
}
