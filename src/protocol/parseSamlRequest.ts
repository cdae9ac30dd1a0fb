import { SaxesParser } from 'saxes'
import { ProtocolError } from '../errors/ProtocolError.js'

export interface SamlRequest {
  /** The ticket, from `<samlp:AssertionArtifact>`. */
  artifact: string
  /** `RequestID` of `<samlp:Request>`, echoed as InResponseTo. */
  requestId: string | undefined
}

// Same shape as an XML ID (NCName-ish, bounded): it is echoed into the response.
const REQUEST_ID = /^[A-Za-z_][A-Za-z0-9._-]{0,127}$/

function invalid (why: string): ProtocolError {
  return new ProtocolError('INVALID_REQUEST', `Requête SAML invalide : ${why}.`)
}

/**
 * Reads a SAML 1.1 `samlp:Request` (in its SOAP envelope) with a strict, non-validating parser.
 * A DOCTYPE is refused outright, so no entity of any kind can be declared, let alone expanded;
 * saxes knows only the five predefined entities and character references. The artifact is
 * trimmed, since clients indent it; there must be exactly one.
 */
export function parseSamlRequest (xml: string): SamlRequest {
  const parser = new SaxesParser({ xmlns: true, position: false })
  const artifacts: string[] = []
  let requestId: string | undefined
  let inArtifact = false
  let text = ''
  parser.on('doctype', () => { throw invalid('les déclarations DOCTYPE sont refusées') })
  parser.on('opentag', (tag) => {
    if (tag.local === 'Request') {
      const id = tag.attributes.RequestID?.value
      if (id !== undefined && REQUEST_ID.test(id)) requestId = id
    }
    if (tag.local === 'AssertionArtifact') {
      inArtifact = true
      text = ''
    }
  })
  parser.on('text', (t) => { if (inArtifact) text += t })
  parser.on('cdata', (t) => { if (inArtifact) text += t })
  parser.on('closetag', (tag) => {
    if (tag.local === 'AssertionArtifact') {
      inArtifact = false
      artifacts.push(text.trim())
    }
  })
  try {
    parser.write(xml).close()
  } catch (err) {
    if (err instanceof ProtocolError) throw err
    throw invalid('XML mal formé')
  }
  if (artifacts.length !== 1 || artifacts[0] === '') throw invalid('un et un seul AssertionArtifact est attendu')
  return { artifact: artifacts[0] as string, requestId }
}
