import type { FastifyRequest } from 'fastify'
import { adminOf } from './consoleAuth.js'
import { ConsoleError } from './ConsoleError.js'
import { csrfMatches } from './consoleSession.js'

/** The refusal of a form that did not come from the console (or came from an earlier session). */
export function formExpired (): ConsoleError {
  return new ConsoleError(403, 'Formulaire expiré', 'Ce formulaire a expiré ou ne vient pas de la console. Rouvrez la page et recommencez.')
}

/** Every console form carries the session's token: a form from elsewhere changes nothing. */
export function checkCsrf (request: FastifyRequest): void {
  if (!csrfMatches(adminOf(request).session, (request.body as Record<string, unknown> | undefined)?.csrf)) throw formExpired()
}
