import type { ProxyResult } from './ProxyResult.js'

/** The JSON form of a /proxy answer (CAS 3.0 appendix, `format=JSON`). */
export function renderProxyJson (result: ProxyResult): string {
  if (result.ok) return JSON.stringify({ serviceResponse: { proxySuccess: { proxyTicket: result.proxyTicket } } })
  return JSON.stringify({ serviceResponse: { proxyFailure: { code: result.code, description: result.description } } })
}
