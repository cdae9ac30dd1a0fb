/**
 * A value made safe for an LDAP search filter (RFC 4515 §3): `*`, `(`, `)`, `\` and NUL become
 * `\2a`, `\28`, `\29`, `\5c` and `\00`. Other characters, accented ones included, stay as they
 * are: RFC 4515 allows UTF-8 in values, and ldapts decodes each `\xx` escape as one character,
 * so escaping UTF-8 bytes one by one would corrupt them.
 */
export function escapeFilter (value: string): string {
  return value.replace(/[*()\\\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
}
