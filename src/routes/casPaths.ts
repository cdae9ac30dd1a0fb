/** Cookie that carries the single sign-on session (ticket-granting cookie). */
export const TGC_COOKIE = 'TGC'

/** Headers of every login and redirect response (docs/protocol.md): never cached anywhere. */
export const NO_STORE_HEADERS = {
  'cache-control': 'no-store',
  pragma: 'no-cache',
  expires: 'Thu, 01 Jan 1970 00:00:00 GMT'
} as const
