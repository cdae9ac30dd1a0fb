import { randomUUID } from 'node:crypto'

const SAFE_TICKET = /^[A-Za-z0-9-]+$/

/**
 * The SAML 2.0 LogoutRequest of CAS back-channel single logout, as Apereo CAS sends it. It is
 * written compact and with these exact prefixes because some clients (phpCAS) find the
 * SessionIndex with a regular expression rather than an XML parser.
 */
export function renderLogoutRequest (ticketId: string, now = new Date()): string {
  if (!SAFE_TICKET.test(ticketId)) throw new Error('ticket id outside [A-Za-z0-9-]')
  return '<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"' +
    ` ID="LR-${randomUUID()}" Version="2.0" IssueInstant="${now.toISOString()}">` +
    '<saml:NameID>@NOT_USED@</saml:NameID>' +
    `<samlp:SessionIndex>${ticketId}</samlp:SessionIndex>` +
    '</samlp:LogoutRequest>'
}
