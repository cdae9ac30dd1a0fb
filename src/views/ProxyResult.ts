import type { CasErrorCode } from '../errors/ProtocolError.js'

/** What a /proxy view renders: a proxy ticket, or a CAS error. */
export type ProxyResult =
  | { ok: true, proxyTicket: string }
  | { ok: false, code: CasErrorCode, description: string }
