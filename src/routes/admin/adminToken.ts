import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTVerifyGetKey } from 'jose'
import { AdminError } from './AdminError.js'

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']

/**
 * A check of `Authorization: Bearer <JWT>`: HS256 with ADMIN_JWT_SECRET, or a key of
 * ADMIN_JWKS_URL's set (fetched and cached by jose). The token must carry an expiry, so that a
 * leaked token does not work forever. Resolves with the token's subject, for the audit log.
 */
export function adminTokenVerifier (secret: string | undefined, jwksUrl: string | undefined): (authorization: string | undefined) => Promise<string | undefined> {
  const hmacKey = secret === undefined ? undefined : new TextEncoder().encode(secret)
  const jwks: JWTVerifyGetKey | undefined = jwksUrl === undefined ? undefined : createRemoteJWKSet(new URL(jwksUrl))
  return async (authorization) => {
    const m = /^Bearer +([A-Za-z0-9_.-]+)$/i.exec(authorization?.trim() ?? '')
    if (m === null) throw new AdminError(401, 'unauthorized', 'Authentification requise : en-tête Authorization: Bearer <jeton JWT> attendu')
    const token = m[1] as string
    try {
      const alg = decodeProtectedHeader(token).alg
      if (alg === 'HS256' && hmacKey !== undefined) {
        return (await jwtVerify(token, hmacKey, { algorithms: ['HS256'], requiredClaims: ['exp'] })).payload.sub
      } else if (jwks !== undefined) {
        return (await jwtVerify(token, jwks, { algorithms: ASYMMETRIC, requiredClaims: ['exp'] })).payload.sub
      } else {
        throw new Error(`algorithme ${String(alg)} non accepté`)
      }
    } catch {
      throw new AdminError(401, 'unauthorized', 'Jeton d\'administration invalide ou expiré')
    }
  }
}
