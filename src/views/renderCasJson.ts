import { hasAttributeBlock, protocolAttributes, type ProtocolVersion, type ValidationResult } from './ValidationResult.js'

/** A CAS 3.0 JSON service response: a multi-valued attribute is an array, a single value a string. */
export function renderCasJson (result: ValidationResult, version: ProtocolVersion): string {
  if (!result.ok) {
    return JSON.stringify({ serviceResponse: { authenticationFailure: { code: result.code, description: result.description } } })
  }
  const { ticket } = result
  const success: Record<string, unknown> = { user: ticket.user }
  if (hasAttributeBlock(ticket, version)) {
    const attributes: Record<string, unknown> = {}
    for (const [name, value] of protocolAttributes(ticket)) attributes[name] = value === 'true' ? true : value === 'false' ? false : value
    for (const [name, values] of Object.entries(ticket.attributes)) attributes[name] = values.length === 1 ? values[0] : values
    success.attributes = attributes
  }
  if (result.pgtIou !== undefined) success.proxyGrantingTicket = result.pgtIou
  if (ticket.proxies.length > 0) success.proxies = ticket.proxies
  return JSON.stringify({ serviceResponse: { authenticationSuccess: success } })
}
