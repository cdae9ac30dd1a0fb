import { claimLoginToken } from '../../protocol/loginToken.js'
import { refuse } from './refuse.js'
import { filled, type SignInStep } from './SignInAttempt.js'
import { TOKEN_MESSAGES } from './verifyFormToken.js'

/** The one-time token is spent: a form replayed, even with the right password, is refused. */
export const claimFormToken: SignInStep = async (attempt) => {
  const { flow: { ctx, throttle }, request, state } = attempt
  if (await claimLoginToken(ctx.tickets, filled(attempt.tokenId, 'tokenId'), ctx.config.loginTokenTtlSeconds)) return undefined
  // The throttle admitted this attempt; a replay is not a wrong password.
  await throttle.abandoned(request.ip, state.username)
  return await refuse(attempt, 400, TOKEN_MESSAGES.replayed)
}
