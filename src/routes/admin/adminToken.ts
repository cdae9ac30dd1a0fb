import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose'
import { InvalidAdminScope, parseAdminScope, type AdminScope } from '../../admin/AdminScope.js'
import { AdminError } from './AdminError.js'

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']
/** The longest life a token may claim: a leaked token must not work for long. */
export const MAX_ADMIN_TOKEN_LIFETIME_SECONDS = 86_400

export interface AdminTokenSettings {
  /** HS256 key (ADMIN_JWT_SECRET). */
  secret?: string | undefined
  /** Key set of an identity provider (ADMIN_JWKS_URL). */
  jwksUrl?: string | undefined
  /** The `aud` every token must carry (ADMIN_JWT_AUDIENCE). */
  audience: string
  /** The `iss` every token must carry, when set (ADMIN_JWT_ISSUER). */
  issuer?: string | undefined
}

/** Who calls the admin API, as the token says: its subject and the establishments it may touch. */
export interface AdminIdentity {
  sub: string
  scope: AdminScope
}

/**
 * A refused token: the answer, plus what the audit log records — why (a stable code) and, when
 * the signature was good, the subject that tried.
 */
export class AdminTokenRefused extends AdminError {
  constructor (statusCode: 401 | 403, readonly reason: string, message: string, readonly sub?: string) {
    super(statusCode, statusCode === 401 ? 'unauthorized' : 'forbidden', message)
  }
}

const INVALID = 'Jeton d\'administration invalide ou expiré'

/** The refusal for a failed jose check; claims are only looked at once the signature is good. */
function refusalOf (err: unknown, settings: AdminTokenSettings): AdminTokenRefused {
  if (!(err instanceof errors.JWTClaimValidationFailed) && !(err instanceof errors.JWTExpired)) {
    return new AdminTokenRefused(401, 'token_invalid', INVALID)
  }
  const sub = typeof err.payload.sub === 'string' ? err.payload.sub : undefined
  if (err instanceof errors.JWTExpired) return new AdminTokenRefused(401, 'token_expired', INVALID, sub)
  switch (err.claim) {
    case 'aud': return new AdminTokenRefused(401, 'audience', `Jeton d'administration refusé : audience (aud) « ${settings.audience} » attendue`, sub)
    case 'iss': return new AdminTokenRefused(401, 'issuer', `Jeton d'administration refusé : émetteur (iss) « ${settings.issuer ?? ''} » attendu`, sub)
    case 'sub': return new AdminTokenRefused(401, 'subject', 'Jeton d\'administration refusé : sujet (sub) manquant', sub)
    case 'iat': return new AdminTokenRefused(401, 'issued_at', 'Jeton d\'administration refusé : date d\'émission (iat) manquante ou dans le futur', sub)
    case 'exp': return new AdminTokenRefused(401, 'expiry', 'Jeton d\'administration refusé : date d\'expiration (exp) manquante', sub)
    default: return new AdminTokenRefused(401, 'token_invalid', INVALID, sub)
  }
}

/** The rules a verified payload must still meet: a subject, a bounded life, a scope. */
function identityOf (payload: JWTPayload): AdminIdentity {
  const sub = typeof payload.sub === 'string' && payload.sub.trim() !== '' ? payload.sub : undefined
  if (sub === undefined) throw new AdminTokenRefused(401, 'subject', 'Jeton d\'administration refusé : sujet (sub) manquant')
  if ((payload.exp as number) - (payload.iat as number) > MAX_ADMIN_TOKEN_LIFETIME_SECONDS) {
    throw new AdminTokenRefused(401, 'lifetime', 'Jeton d\'administration refusé : durée de vie (exp − iat) supérieure à 24 h', sub)
  }
  try {
    return { sub, scope: parseAdminScope(payload.uai) }
  } catch (err) {
    if (!(err instanceof InvalidAdminScope)) throw err
    throw new AdminTokenRefused(403, 'scope_invalid', `Jeton d'administration sans périmètre valide (revendication uai) : ${err.message}`, sub)
  }
}

/**
 * A check of `Authorization: Bearer <JWT>`: HS256 with ADMIN_JWT_SECRET, or a key of
 * ADMIN_JWKS_URL's set (fetched and cached by jose). Beyond the signature, the token must be
 * meant for Sésame's admin API (aud, and iss when configured), name who holds it (sub), say when
 * it was issued (iat) and live at most 24 h, and carry its scope (uai). Resolves with the holder.
 */
export function adminTokenVerifier (settings: AdminTokenSettings): (authorization: string | undefined) => Promise<AdminIdentity> {
  const hmacKey = settings.secret === undefined ? undefined : new TextEncoder().encode(settings.secret)
  const jwks: JWTVerifyGetKey | undefined = settings.jwksUrl === undefined ? undefined : createRemoteJWKSet(new URL(settings.jwksUrl))
  const claims = {
    audience: settings.audience,
    ...(settings.issuer !== undefined ? { issuer: settings.issuer } : {}),
    requiredClaims: ['exp', 'iat', 'sub'],
    // Also refuses an iat in the future, which would stretch the 24 h.
    maxTokenAge: MAX_ADMIN_TOKEN_LIFETIME_SECONDS
  }
  return async (authorization) => {
    const m = /^Bearer +([A-Za-z0-9_.-]+)$/i.exec(authorization?.trim() ?? '')
    if (m === null) throw new AdminTokenRefused(401, 'token_missing', 'Authentification requise : en-tête Authorization: Bearer <jeton JWT> attendu')
    const token = m[1] as string
    let payload: JWTPayload
    try {
      const alg = decodeProtectedHeader(token).alg
      if (alg === 'HS256' && hmacKey !== undefined) {
        payload = (await jwtVerify(token, hmacKey, { algorithms: ['HS256'], ...claims })).payload
      } else if (jwks !== undefined) {
        payload = (await jwtVerify(token, jwks, { algorithms: ASYMMETRIC, ...claims })).payload
      } else {
        throw new Error(`algorithme ${String(alg)} non accepté`)
      }
    } catch (err) {
      throw refusalOf(err, settings)
    }
    return identityOf(payload)
  }
}
