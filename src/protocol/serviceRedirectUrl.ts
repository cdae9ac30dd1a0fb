import type { NormalizedServiceUrl } from '../services/normalizeServiceUrl.js'

/** The service URL with `ticket` added to its query, before any fragment. */
export function serviceRedirectUrl (url: NormalizedServiceUrl, ticket?: string): string {
  if (ticket === undefined) return url.url + url.hash
  return `${url.url}${url.url.includes('?') ? '&' : '?'}ticket=${ticket}${url.hash}`
}
