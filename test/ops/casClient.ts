import { Browser } from '../helpers/browser.js'

/** The demo PRONOTE service of config/services.json. */
export const SERVICE = 'https://0340000x.index-education.net/pronote/eleve.html'
export const CAS_SECRET = 'an-ops-test-secret-of-at-least-32-characters'

export interface Answer {
  status: number
  body: string
  location: string | undefined
}

/**
 * A browser over real HTTP (fetch) for tests that run Sésame as a process: keeps the cookies it
 * is given, follows no redirect. The base URL can change between calls, as behind a load
 * balancer that sends each request to another node.
 */
export class CasClient {
  readonly cookies = new Map<string, string>()

  private async send (url: string, init: RequestInit = {}): Promise<Answer> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie !== '' ? { cookie } : {}) } })
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const [name, value] = (pair ?? '').split('=') as [string, string | undefined]
      if (value === undefined || value === '' || /max-age=0|expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return { status: res.status, body: await res.text(), location: res.headers.get('location') ?? undefined }
  }

  async get (url: string): Promise<Answer> { return await this.send(url) }

  async post (url: string, form: Record<string, string>): Promise<Answer> {
    return await this.send(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() })
  }

  /** Opens the login page of `base` for the service and fills the form. */
  async signIn (base: string, username = 'lea.dupont', password = 'demo', service = SERVICE): Promise<Answer> {
    const page = await this.get(`${base}/login?service=${encodeURIComponent(service)}`)
    if (page.status !== 200) return page
    return await this.post(`${base}/login`, { ...Browser.hiddenFields(page.body), username, password })
  }
}

/** The ticket in an answer's Location, if any. */
export function ticketIn (answer: Answer): string | undefined {
  return answer.location === undefined ? undefined : new URL(answer.location).searchParams.get('ticket') ?? undefined
}

/** Validates a ticket at `base` (CAS 3.0) and returns the user, or the error code. */
export async function validate (base: string, ticket: string, service = SERVICE): Promise<{ user?: string, code?: string, status: number }> {
  const res = await fetch(`${base}/p3/serviceValidate?service=${encodeURIComponent(service)}&ticket=${encodeURIComponent(ticket)}`)
  const xml = await res.text()
  const user = /<cas:user>([^<]*)<\/cas:user>/.exec(xml)?.[1]
  const code = /<cas:authenticationFailure code="([A-Z_]+)"/.exec(xml)?.[1]
  return { status: res.status, ...(user !== undefined ? { user } : {}), ...(code !== undefined ? { code } : {}) }
}
