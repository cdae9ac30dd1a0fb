import { create } from 'xmlbuilder2'
import type { ProxyResult } from './ProxyResult.js'

const CAS_NS = 'http://www.yale.edu/tp/cas'

/** CAS 3.0 §2.7.2: `<cas:proxySuccess>` with the PT, or `<cas:proxyFailure code="…">`. */
export function renderProxyXml (result: ProxyResult): string {
  const root = create({ invalidCharReplacement: '\uFFFD' }).ele(CAS_NS, 'cas:serviceResponse')
  if (result.ok) root.ele('cas:proxySuccess').ele('cas:proxyTicket').txt(result.proxyTicket)
  else root.ele('cas:proxyFailure', { code: result.code }).txt(result.description)
  return root.end({ headless: true, prettyPrint: true })
}
