import type { FastifyInstance, FastifyReply } from 'fastify'

/** The CSP source for the page's own origin. */
export const SELF = "'self'"

/**
 * The page policy, the only one. `formAction` lists where the page's forms may go, 'self' by
 * default. The sign-in form of a known service adds that service's origin: browsers apply
 * form-action to the redirects that follow a form post too, so with 'self' alone Chromium refuses
 * the 302 from POST /login to the service. The `method=POST` page names only the service, the one
 * place its form posts the ticket to.
 */
export function contentSecurityPolicy (formAction: readonly string[] = [SELF]): string {
  return `default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action ${formAction.join(' ')}; frame-ancestors 'none'; base-uri 'none'`
}

const CSP = contentSecurityPolicy()

/**
 * Headers for every response: no inline script, no framing (clickjacking of the login form), no
 * referrer (a ticket in a URL must not leak to the next site; the login form only names its
 * origin to itself, see renderLoginForm), and HSTS behind https. The app's one onSend hook: it
 * also runs `alsoOnSend` (Connection: close while closing), which would otherwise be a second
 * hook on every request. A callback hook: an async one costs a promise per request.
 */
export function securityHeaders (app: FastifyInstance, secure: boolean, alsoOnSend?: (reply: FastifyReply) => void): void {
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', CSP)
    reply.header('x-content-type-options', 'nosniff')
    if (!reply.hasHeader('referrer-policy')) reply.header('referrer-policy', 'no-referrer')
    reply.header('x-frame-options', 'DENY')
    if (secure) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains')
    alsoOnSend?.(reply)
    done(null, payload)
  })
}
