import type { PronoteLink } from './LinkStore.js'

function cell (value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/**
 * The links as CSV for PRONOTE's "Identifiant CAS" column: a header line `IDPN;Identifiant CAS`,
 * then one `IDPN;cas:user` row per link (see casUserOf), sorted by IDPN. Semicolons and CRLF line ends, as French
 * Excel and PRONOTE's import expect; no BOM (identifiers are ASCII in practice). A cell holding a
 * semicolon, a quote or a line break is quoted, RFC 4180 style.
 */
export function exportLinksCsv (links: PronoteLink[], casUser: (uid: string) => string = (uid) => uid): string {
  const rows = [...links].sort((a, b) => a.idpn < b.idpn ? -1 : a.idpn > b.idpn ? 1 : 0).map((l) => `${cell(l.idpn)};${cell(casUser(l.uid))}`)
  return ['IDPN;Identifiant CAS', ...rows].join('\r\n') + '\r\n'
}
