import { randomBytes } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../config/Config.js'

const VALUE = /^[A-Za-z0-9_-]{43}$/

/**
 * The pre-login cookie: a random value of the browser, set when the form is drawn, that the
 * form's `execution` token is bound to (see loginToken). A form fetched by another site, server
 * side, is bound to that site's cookie, so the victim's browser cannot post it: no login CSRF.
 *
 * Behind https its name has the `__Host-` prefix, which browsers accept only with Secure, no
 * Domain and Path=/. So the cookie covers the whole host even when PUBLIC_URL has a path (/cas),
 * and the other applications of that host receive it: a random value, HttpOnly, that signs nobody
 * in. That is what buys the prefix's guarantee, which a path-scoped `__Secure-` cookie lacks: no
 * sibling subdomain (Domain=.example.fr) and no plain-http page can plant its own value in the
 * victim's browser, which would bind the browser to the attacker's form again. Over plain http
 * (development) no prefix is possible: the cookie is scoped to the base path.
 */
export function formCookie (config: Pick<Config, 'secure' | 'basePath'>): { name: string, options: { path: string, httpOnly: true, secure: boolean, sameSite: 'lax' } } {
  return config.secure
    ? { name: '__Host-sesame-form', options: { path: '/', httpOnly: true, secure: true, sameSite: 'lax' } }
    : { name: 'sesame-form', options: { path: config.basePath === '' ? '/' : config.basePath, httpOnly: true, secure: false, sameSite: 'lax' } }
}

/** The browser's pre-login value, if it sent a well-formed one. */
export function sentFormBinding (request: FastifyRequest, config: Pick<Config, 'secure' | 'basePath'>): string | undefined {
  const value = request.cookies[formCookie(config).name]
  return value !== undefined && VALUE.test(value) ? value : undefined
}

/** The value a new form is bound to: the browser's own, or a new one set now (a session cookie). */
export function formBindingFor (request: FastifyRequest, reply: FastifyReply, config: Pick<Config, 'secure' | 'basePath'>): string {
  const sent = sentFormBinding(request, config)
  if (sent !== undefined) return sent
  const value = randomBytes(32).toString('base64url')
  const { name, options } = formCookie(config)
  reply.setCookie(name, value, options)
  return value
}
