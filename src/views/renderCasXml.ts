import { escapeXml } from './escapeXml.js'
import { hasAttributeBlock, protocolAttributes, type ProtocolVersion, type ValidationResult } from './ValidationResult.js'

const OPEN = '<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">\n'
const CLOSE = '</cas:serviceResponse>'

function element (indent: string, name: string, value: string): string {
  return value === '' ? `${indent}<cas:${name}/>\n` : `${indent}<cas:${name}>${escapeXml(value)}</cas:${name}>\n`
}

/**
 * A CAS 2.0/3.0 XML service response, written with template strings: validation is the hot path,
 * and building a DOM with xmlbuilder2 cost two thirds of it (BENCHMARKS.md). The output is the
 * very text xmlbuilder2 writes, which a property test checks; every value goes through
 * escapeXml, and element names are the fixed protocol names or attribute names checked when the
 * registry is loaded.
 */
export function renderCasXml (result: ValidationResult, version: ProtocolVersion): string {
  if (!result.ok) {
    const description = escapeXml(result.description)
    return `${OPEN}  <cas:authenticationFailure code="${result.code}"${description === '' ? '/>' : `>${description}</cas:authenticationFailure>`}\n${CLOSE}`
  }
  const { ticket } = result
  let out = `${OPEN}  <cas:authenticationSuccess>\n${element('    ', 'user', ticket.user)}`
  if (hasAttributeBlock(ticket, version)) {
    out += '    <cas:attributes>\n'
    for (const [name, value] of protocolAttributes(ticket)) out += element('      ', name, value)
    for (const name in ticket.attributes) {
      for (const v of ticket.attributes[name] as string[]) out += element('      ', name, v)
    }
    out += '    </cas:attributes>\n'
    if (ticket.attributeStyle === 'both') {
      for (const name in ticket.attributes) {
        for (const v of ticket.attributes[name] as string[]) out += element('    ', name, v)
      }
    }
  }
  if (result.pgtIou !== undefined) out += element('    ', 'proxyGrantingTicket', result.pgtIou)
  if (ticket.proxies.length > 0) {
    out += '    <cas:proxies>\n'
    for (const p of ticket.proxies) out += element('      ', 'proxy', p)
    out += '    </cas:proxies>\n'
  }
  return `${out}  </cas:authenticationSuccess>\n${CLOSE}`
}
