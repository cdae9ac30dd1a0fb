import type { FastifyRequest } from 'fastify'

/**
 * Whether a browser says this POST comes from another site: Sec-Fetch-Site is cross-site, or
 * Origin is present and is not PUBLIC_URL's origin (`null` included: our own form page sends its
 * origin, its Referrer-Policy being same-origin). Clients that send neither (curl, scripts) are
 * not refused here; their form is still bound to their cookie (formBinding).
 */
export function isCrossSitePost (request: FastifyRequest, publicOrigin: string): boolean {
  const site = request.headers['sec-fetch-site']
  if (site === 'cross-site') return true
  const origin = request.headers.origin
  return origin !== undefined && origin !== publicOrigin
}
