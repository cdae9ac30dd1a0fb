import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AuthenticationError } from '../directory/AuthenticationError.js'
import { DirectoryUnavailableError } from '../directory/DirectoryUnavailableError.js'
import { OutageLog } from '../directory/OutageLog.js'
import { ProtocolError } from '../errors/ProtocolError.js'
import type { CasContext } from '../protocol/CasContext.js'
import { claimLoginToken, verifyLoginToken } from '../protocol/loginToken.js'
import { serviceRedirectUrl } from '../protocol/serviceRedirectUrl.js'
import { startSession } from '../protocol/startSession.js'
import { LoginPostRate } from '../throttle/LoginPostRate.js'
import { LoginThrottle } from '../throttle/LoginThrottle.js'
import type { TicketGrantingTicket } from '../tickets/Ticket.js'
import { NO_STORE_HEADERS, TGC_COOKIE } from './casPaths.js'
import { audit } from './audit.js'
import { endSessionOf } from './endSessionOf.js'
import { sentFormBinding } from './formBinding.js'
import { isCrossSitePost } from './isCrossSitePost.js'
import type { LogoutOptions } from './logout.js'
import { parseLoginRequest, type LoginRequest } from './loginRequest.js'
import { param, type Fields } from './params.js'
import { sendPortal } from './portal.js'
import { renderLoginForm, type LoginFormState } from './renderLoginForm.js'
import { respondWithTicket } from './respondWithTicket.js'

const TOKEN_MESSAGES = {
  missing: 'La page de connexion n\'est plus valable. Saisissez à nouveau vos identifiants.',
  invalid: 'La page de connexion n\'est plus valable. Saisissez à nouveau vos identifiants.',
  expired: 'La page de connexion a expiré. Saisissez à nouveau vos identifiants.',
  replayed: 'Ce formulaire a déjà été envoyé. Saisissez à nouveau vos identifiants.'
} as const

/** A form posted from another site, or one not drawn for this browser (login CSRF). */
const FOREIGN_FORM = 'Formulaire expiré ou envoyé depuis un autre site. Saisissez à nouveau vos identifiants.'

function formState (req: LoginRequest, fields: Fields | undefined, over: Partial<LoginFormState> = {}): LoginFormState {
  const selected = param(fields, 'directory') ?? param(fields, 'selection')
  return {
    match: req.match,
    service: req.service,
    selected,
    username: '',
    renew: req.renew,
    warn: req.warn,
    method: req.rawMethod,
    rememberMe: false,
    error: undefined,
    ...over
  }
}

/** GET /login and POST /login (CAS 3.0 §2.1 and §2.2). */
export async function loginRoutes (app: FastifyInstance, ctx: CasContext, options: LogoutOptions = {}): Promise<void> {
  const { config } = ctx
  const cookiePath = config.basePath === '' ? '/' : config.basePath
  const outages = new OutageLog()
  const throttle = new LoginThrottle(ctx.attempts, config.throttle)
  const postRate = new LoginPostRate(ctx.attempts, config.throttle)
  const publicOrigin = new URL(config.publicUrl).origin

  const signedIn = async (request: FastifyRequest, reply: FastifyReply, req: LoginRequest, tgt: TicketGrantingTicket, fromNewLogin: boolean): Promise<FastifyReply> => {
    if (req.match === undefined) return await sendPortal(ctx, reply, tgt.person)
    return await respondWithTicket(ctx, request, reply, tgt, req.match, { fromNewLogin, warn: req.warn, method: req.method })
  }

  app.get('/login', async (request, reply) => {
    reply.headers(NO_STORE_HEADERS)
    const query = request.query as Fields
    const req = parseLoginRequest(ctx, query)
    const tgc = request.cookies[TGC_COOKIE]
    // renew=true: the password is asked again, whatever the session and even with gateway.
    if (!req.renew) {
      const tgt = tgc === undefined ? undefined : await ctx.tickets.useSession(tgc)
      if (tgt !== undefined) return await signedIn(request, reply, req, tgt, false)
      if (tgc !== undefined) reply.clearCookie(TGC_COOKIE, { path: cookiePath })
      if (req.gateway && req.match !== undefined) return await reply.redirect(serviceRedirectUrl(req.match.url), 302)
    }
    return await renderLoginForm(ctx, request, reply, formState(req, query))
  })

  app.post('/login', async (request, reply) => {
    reply.headers(NO_STORE_HEADERS)
    const body = (request.body ?? {}) as Fields
    const req = parseLoginRequest(ctx, body)
    const username = (param(body, 'username') ?? '').trim()
    const password = param(body, 'password') ?? ''
    const rememberMe = param(body, 'rememberMe') === 'true'
    const state = formState(req, body, { username, rememberMe })
    const refuse = async (status: number, error: string, over: Partial<LoginFormState> = {}): Promise<FastifyReply> =>
      await renderLoginForm(ctx, request, reply, { ...state, error, ...over }, status)

    // Every check that stores nothing comes first, then the counts, and the one-time token is
    // claimed last: a post that stops early leaves nothing in Redis but its address's count.
    if (isCrossSitePost(request, publicOrigin)) {
      audit(request, 'login.refused', { reason: 'crossSite', origin: request.headers.origin?.slice(0, 256), site: request.headers['sec-fetch-site'] })
      // Another site's login is not shown back: the fresh form is empty.
      return await refuse(403, FOREIGN_FORM, { username: '', rememberMe: false })
    }
    if (!await postRate.allow(request.ip)) {
      audit(request, 'login.refused', { reason: 'postRate' })
      return await refuse(429, 'Trop de demandes de connexion depuis votre réseau. Patientez une minute avant de réessayer.')
    }
    const token = await verifyLoginToken(config.casSecrets, param(body, 'execution'), sentFormBinding(request, config))
    if ('problem' in token) {
      if (token.problem !== 'unbound') return await refuse(400, TOKEN_MESSAGES[token.problem])
      audit(request, 'login.refused', { reason: 'unboundForm' })
      return await refuse(403, FOREIGN_FORM, { username: '', rememberMe: false })
    }
    const directory = ctx.directories.find((d) => d.id === state.selected) ?? (ctx.directories.length === 1 ? ctx.directories[0] : undefined)
    if (directory === undefined) return await refuse(400, 'Choisissez votre profil de connexion.')
    if (username === '' || password === '') return await refuse(400, 'Saisissez votre identifiant et votre mot de passe.')
    // No directory has logins or passwords this long; refusing them spares the directory the work.
    if (username.length > 256 || password.length > 1024) return await refuse(400, 'Identifiant ou mot de passe trop long.', { username: '' })
    const over = await throttle.admit(request.ip, username)
    if (over !== undefined) {
      audit(request, 'login.throttled', { directory: directory.id, limit: over, service: req.match?.service.id })
      // The same words whichever limit: the per-login one must not tell that a login exists.
      return await refuse(429, 'Trop de tentatives de connexion. Patientez quelques minutes avant de réessayer.')
    }
    if (!await claimLoginToken(ctx.tickets, token.jti, config.loginTokenTtlSeconds)) {
      await throttle.abandoned(request.ip, username)
      return await refuse(400, TOKEN_MESSAGES.replayed)
    }
    let person
    try {
      person = await directory.authenticate(username, password)
      outages.answered(request.log, directory.id)
    } catch (err) {
      if (err instanceof AuthenticationError) {
        outages.answered(request.log, directory.id)
        audit(request, 'login.failure', { directory: directory.id, login: username, reason: err.reason, accountState: err.accountState, service: req.match?.service.id })
        return await refuse(401, err.message)
      }
      // No answer is no failure: the attempt does not count against the person.
      await throttle.abandoned(request.ip, username)
      if (err instanceof DirectoryUnavailableError) {
        outages.failed(request.log, directory.id, err.message)
        throw new ProtocolError('unavailable', 'directory unavailable', err.message)
      }
      throw err
    }
    await throttle.succeeded(request.ip, username)
    // A browser that still held a session (renew, or another person on a shared computer) gets
    // only the new one: the old one ends, with single logout of its applications.
    const previous = request.cookies[TGC_COOKIE]
    if (previous !== undefined) await endSessionOf(request, ctx, previous, 'new sign-in', options.onSessionEnded)
    const tgt = await startSession(ctx, person, rememberMe)
    audit(request, 'login.success', { directory: directory.id, user: person.uid, service: req.match?.service.id, rememberMe })
    reply.setCookie(TGC_COOKIE, tgt.id, {
      path: cookiePath,
      httpOnly: true,
      secure: config.secure,
      sameSite: 'lax',
      // A session cookie unless "Se souvenir de moi" was ticked.
      ...(rememberMe ? { maxAge: config.rememberMeTtlSeconds } : {})
    })
    return await signedIn(request, reply, req, tgt, true)
  })
}
