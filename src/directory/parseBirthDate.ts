/**
 * A birth date as directories write it (DD/MM/YYYY, YYYY-MM-DD, YYYYMMDD or LDAP generalized time
 * such as 20100312000000Z) as YYYY-MM-DD; undefined when it is none of these or not a real day.
 */
export function parseBirthDate (raw: string): string | undefined {
  const s = raw.trim()
  let m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s)
  let y: string, mo: string, d: string
  if (m !== null) {
    [d, mo, y] = [m[1] as string, m[2] as string, m[3] as string]
  } else if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)) !== null || (m = /^(\d{4})(\d{2})(\d{2})(?:\d{2}(?:\d{2}(?:\d{2})?)?)?(?:[.,]\d+)?(?:Z|[+-]\d{2,4})?$/.exec(s)) !== null) {
    [y, mo, d] = [m[1] as string, m[2] as string, m[3] as string]
  } else {
    return undefined
  }
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)))
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return undefined
  return `${y}-${mo}-${d}`
}

/** YYYY-MM-DD as PRONOTE wants it: DD/MM/YYYY. */
export function frenchDate (isoDate: string): string {
  const [y, m, d] = isoDate.split('-')
  return `${d as string}/${m as string}/${y as string}`
}
