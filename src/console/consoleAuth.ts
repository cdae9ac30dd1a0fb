import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AdminScope } from '../admin/AdminScope.js'
import type { Config } from '../config/Config.js'
import { audit } from '../routes/audit.js'
import type { TicketStore } from '../tickets/TicketStore.js'
import { ConsoleError } from './ConsoleError.js'
import { CONSOLE_COOKIE, openConsoleSession, type ConsoleSession } from './consoleSession.js'

/** The admin behind a console request, once signed in and found in ADMINS_FILE. */
export interface ConsoleAdmin {
  uid: string
  scope: AdminScope
  session: ConsoleSession
}

declare module 'fastify' {
  interface FastifyRequest {
    consoleAdmin: ConsoleAdmin | undefined
  }
}

/** Where the console asks Sésame for a ticket: its own callback, with the page to go back to. */
export function consoleServiceUrl (config: Config, next: string, renew: boolean): string {
  return `${config.publicUrl}/admin/connexion?next=${encodeURIComponent(next)}${renew ? '&renew=1' : ''}`
}

/** Sésame's /login for the console, as any CAS client would send a person there; renew asks the password again. */
export function consoleLoginUrl (config: Config, next: string, renew = false): string {
  return `${config.basePath}/login?service=${encodeURIComponent(consoleServiceUrl(config, next, renew))}${renew ? '&renew=true' : ''}`
}

/** A page of the console to go back to after sign-in: a path under /admin/, never another site. */
export function safeNext (config: Config, raw: unknown): string {
  const home = `${config.basePath}/admin/`
  if (typeof raw !== 'string' || !raw.startsWith(home) || /[\\\s]|\/\/|\/\.\.?(?:\/|$)/.test(raw)) return home
  return raw
}

/**
 * The console's gate: a console cookie of ours, whose sign-on session is still alive (a logout
 * from Sésame ends the console too) and whose person is an admin. A person not signed in goes
 * to /login (a form post gets a page: its content would be lost by a redirect).
 */
export function consoleGate (config: Config, tickets: TicketStore) {
  return async function gate (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const session = await openConsoleSession(config.casSecrets, request.cookies[CONSOLE_COOKIE])
    const tgt = session === undefined ? undefined : await tickets.useSession(session.tgtId)
    if (session === undefined || tgt === undefined || tgt.person.uid !== session.uid) {
      if (request.method !== 'GET') throw new ConsoleError(403, 'Session expirée', 'Votre session d\'administration a expiré. Rouvrez la page et recommencez.')
      return await reply.redirect(consoleLoginUrl(config, safeNext(config, request.url)), 302)
    }
    const scope = config.admins?.get(session.uid)
    if (scope === undefined) {
      // Removed from ADMINS_FILE since the cookie was made.
      audit(request, 'admin.refused', { reason: 'not_admin', status: 403, user: session.uid, via: 'console' })
      throw new ConsoleError(403, 'Accès réservé', 'Cette console est réservée aux administrateurs de l\'ENT.')
    }
    request.consoleAdmin = { uid: session.uid, scope, session }
    // Every audit line of the console names the admin, as the admin API's do.
    request.log = request.log.child({ admin: session.uid })
    return undefined
  }
}

/** The admin of a request that went through the gate. */
export function adminOf (request: FastifyRequest): ConsoleAdmin {
  const admin = request.consoleAdmin
  if (admin === undefined) throw new Error('console route outside the gate')
  return admin
}
