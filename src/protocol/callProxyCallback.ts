import type { LookupOptions } from 'node:dns'
import { request } from 'node:https'
import { rootCertificates } from 'node:tls'
import type { CallbackAddress } from './resolveCallbackAddress.js'

export interface ProxyCallbackOptions {
  /** Extra trusted CA certificates (PEM), besides Node's bundled ones (PROXY_CA_FILE). */
  extraCa: string | undefined
  timeoutMs: number
  /** Where to connect: the address resolveCallbackAddress checked (TLS still verifies the URL's name). */
  address: CallbackAddress
}

/** What the callback did: answered with a status, or could not be reached over verified TLS. */
export type ProxyCallbackOutcome = { status: number } | { error: string }

const caCache = new Map<string, string[]>()

function trustedCas (extraCa: string | undefined): string[] | undefined {
  // Without an extra CA, Node's defaults apply (bundled roots and NODE_EXTRA_CA_CERTS).
  if (extraCa === undefined) return undefined
  let cas = caCache.get(extraCa)
  if (cas === undefined) {
    cas = [...rootCertificates, extraCa]
    caCache.set(extraCa, cas)
  }
  return cas
}

type LookupCallback = (err: Error | null, address: string | Array<{ address: string, family: number }>, family?: number) => void

/** A lookup that answers the checked address whatever the name: no second DNS resolution. */
function pinnedLookup ({ address, family }: CallbackAddress) {
  return (_host: string, options: LookupOptions, callback: LookupCallback): void => {
    if (options.all === true) callback(null, [{ address, family }])
    else callback(null, address, family)
  }
}

/**
 * CAS 3.0 §2.5.4 step 2: a GET to the proxy's callback over https, certificate and host name
 * verified, connected to the address checked beforehand. Redirects are not followed (the spec
 * allows it but does not require it), and the body is never read: only the status says whether
 * the proxy took the PGT. An error's text is for the log, not for the caller.
 */
export async function callProxyCallback (url: string, options: ProxyCallbackOptions): Promise<ProxyCallbackOutcome> {
  return await new Promise((resolve) => {
    let settled = false
    const done = (outcome: ProxyCallbackOutcome): void => {
      if (settled) return
      settled = true
      resolve(outcome)
    }
    const req = request(url, {
      method: 'GET',
      ca: trustedCas(options.extraCa),
      rejectUnauthorized: true,
      agent: false,
      lookup: pinnedLookup(options.address),
      timeout: options.timeoutMs,
      headers: { accept: '*/*', 'user-agent': 'Sesame-CAS' }
    }, (res) => {
      done({ status: res.statusCode ?? 0 })
      res.resume()
      res.destroy()
    })
    // `timeout` only watches idle sockets: a hard deadline bounds the whole exchange.
    const deadline = setTimeout(() => { req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)) }, options.timeoutMs)
    req.on('timeout', () => { req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)) })
    req.on('error', (err) => { done({ error: err.message }) })
    req.on('close', () => { clearTimeout(deadline); done({ error: 'connection closed' }) })
    req.end()
  })
}
