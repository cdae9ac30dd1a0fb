import type { KeyObject } from 'node:crypto'

/**
 * Who Sésame is to PRONOTE: the partner name the export is encrypted for (a PARTENAIRE NOM in
 * the container's CLES) and that partner's RSA private key.
 */
export interface ExportPartner {
  name: string
  privateKey: KeyObject
}
