/**
 * The host an Ant-style pattern names literally (lower case, an IPv6 address in brackets, as a
 * URL's hostname): `https://127.0.0.1:8443/cb/**` names 127.0.0.1. Undefined for a wildcard host
 * (`https://*.example.fr/**`) and for a regular expression: those name no one host.
 */
export function literalPatternHost (pattern: string): string | undefined {
  if (pattern.startsWith('^')) return undefined
  const m = /^(https?):\/\/([^/?#]+)/i.exec(pattern)
  if (m === null || (m[2] as string).includes('*')) return undefined
  try { return new URL(`${m[1] as string}://${m[2] as string}/`).hostname } catch { return undefined }
}
