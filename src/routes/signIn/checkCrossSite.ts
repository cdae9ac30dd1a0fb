import { audit } from '../audit.js'
import { isCrossSitePost } from '../isCrossSitePost.js'
import { refuseForeignForm } from './refuse.js'
import type { SignInStep } from './SignInAttempt.js'

/** A form posted from another site is refused before anything is counted (login CSRF). */
export const checkCrossSite: SignInStep = async (attempt) => {
  const { flow, request } = attempt
  if (!isCrossSitePost(request, flow.publicOrigin)) return undefined
  audit(request, 'login.refused', { reason: 'crossSite', origin: request.headers.origin?.slice(0, 256), site: request.headers['sec-fetch-site'] })
  return await refuseForeignForm(attempt)
}
