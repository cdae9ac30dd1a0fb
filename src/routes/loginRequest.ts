import { ProtocolError } from '../errors/ProtocolError.js'
import type { CasContext } from '../protocol/CasContext.js'
import { resolveService } from '../protocol/resolveService.js'
import type { ServiceMatch } from '../services/ServiceRegistry.js'
import { flag, param, type Fields } from './params.js'

/** The CAS parameters of GET and POST /login, checked. */
export interface LoginRequest {
  service: string | undefined
  match: ServiceMatch | undefined
  renew: boolean
  gateway: boolean
  warn: boolean
  method: 'GET' | 'POST'
  /** Raw `method` as given, kept in the form so that POST /login answers the same way. */
  rawMethod: string | undefined
}

/** Reads the CAS parameters; an unregistered service stops here with a page, never a redirect. */
export function parseLoginRequest (ctx: CasContext, fields: Fields | undefined): LoginRequest {
  const service = param(fields, 'service')
  const rawMethod = param(fields, 'method')
  const method = rawMethod?.toUpperCase() === 'POST' ? 'POST' : 'GET'
  if (rawMethod !== undefined && rawMethod !== '' && !['GET', 'POST'].includes(rawMethod.toUpperCase())) {
    throw new ProtocolError('INVALID_REQUEST', 'Le paramètre « method » accepte GET ou POST.')
  }
  return {
    service: service === '' ? undefined : service,
    match: service === undefined || service === '' ? undefined : resolveService(ctx.registry, service),
    renew: flag(fields, 'renew'),
    gateway: flag(fields, 'gateway'),
    warn: flag(fields, 'warn'),
    method,
    rawMethod
  }
}
