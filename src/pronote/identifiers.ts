/** A UAI (establishment code): 7 digits and a letter, e.g. 0340000X (either case). */
export const UAI_PATTERN = '^[0-9]{7}[A-Za-z]$'
const UAI = new RegExp(UAI_PATTERN)

export function isUai (value: string): boolean {
  return UAI.test(value)
}

/**
 * An IDPN as PRONOTE writes it (16 letters and digits, e.g. A8BT6EGHDW3QFPXC). Slightly wider
 * (1 to 64 characters, plus - and _) because the format is not published; narrow enough to be
 * safe in keys, URLs and CSV cells.
 */
export const IDPN_PATTERN = '^[A-Za-z0-9_-]{1,64}$'
const IDPN = new RegExp(IDPN_PATTERN)

export function isIdpn (value: string): boolean {
  return IDPN.test(value)
}

/**
 * An IDPN as PRONOTE gives it in its exports: 16 capital letters and digits (every IDPN of the
 * sample exports has exactly this shape, e.g. A8BT6EGHDW3QFPXC). Used for links made by hand,
 * where the value is typed: a stray character, lower case or a shortened copy is a mistake to
 * refuse, not an identifier PRONOTE will ever send. isIdpn stays wider for what files carry.
 */
export function isPronoteIdpn (value: string): boolean {
  return /^[A-Z0-9]{16}$/.test(value)
}
