import type { FastifyInstance, LightMyRequestResponse } from 'fastify'

/**
 * A tiny browser over app.inject: keeps cookies (by name, honouring removal; the pre-login cookie
 * the form is bound to among them), and knows how to fill the sign-in form as a person would (GET
 * the page, take its execution token, POST). Like curl, it sends neither Origin nor Sec-Fetch-Site
 * unless told.
 */
export class Browser {
  readonly cookies = new Map<string, string>()
  constructor (private readonly app: FastifyInstance, private readonly basePath = '') {}

  private remember (res: LightMyRequestResponse): void {
    for (const c of res.cookies as Array<{ name: string, value: string, maxAge?: number, expires?: Date }>) {
      const removed = c.value === '' || c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() < Date.now())
      if (removed) this.cookies.delete(c.name)
      else this.cookies.set(c.name, c.value)
    }
  }

  async get (url: string): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url: this.basePath + url, cookies: Object.fromEntries(this.cookies) })
    this.remember(res)
    return res
  }

  async post (url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: 'POST',
      url: this.basePath + url,
      cookies: Object.fromEntries(this.cookies),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams(form).toString()
    })
    this.remember(res)
    return res
  }

  /** The login form's hidden fields, from a page. */
  static hiddenFields (html: string): Record<string, string> {
    const out: Record<string, string> = {}
    for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
      out[m[1] as string] = (m[2] as string).replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
    }
    return out
  }

  /** Opens /login with the query, then signs in through the form. */
  async signIn (query: string, username: string, password: string, extra: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const page = await this.get(`/login${query}`)
    return await this.post('/login', { ...Browser.hiddenFields(page.body), username, password, ...extra })
  }
}

/** The cookies a response sets, to send back with the form it drew (its pre-login cookie). */
export function formCookies (res: LightMyRequestResponse): Record<string, string> {
  return Object.fromEntries((res.cookies as Array<{ name: string, value: string }>).map((c) => [c.name, c.value]))
}

/** The ticket in a redirect's Location, if any. */
export function ticketOf (res: LightMyRequestResponse): string | undefined {
  const location = res.headers.location
  if (typeof location !== 'string') return undefined
  return new URL(location).searchParams.get('ticket') ?? undefined
}
