import type { FastifyReply } from 'fastify'
import { authenticate } from './authenticate.js'
import { checkCrossSite } from './checkCrossSite.js'
import { checkFields } from './checkFields.js'
import { claimFormToken } from './claimFormToken.js'
import { deliverTicket } from './deliverTicket.js'
import { limitPostRate } from './limitPostRate.js'
import { passGateway } from './passGateway.js'
import { resumeSession } from './resumeSession.js'
import { showForm } from './showForm.js'
import type { SignInAttempt, SignInStep } from './SignInAttempt.js'
import { startSession } from './startSession.js'
import { throttle } from './throttle.js'
import { verifyFormToken } from './verifyFormToken.js'

export { readAttempt } from './readAttempt.js'
export type { SignInAttempt, SignInFlow } from './SignInAttempt.js'

/**
 * GET /login (CAS 3.0 §2.1): a live session goes straight on (unless `renew`), then `gateway`
 * goes back to the service without one, and otherwise the form is shown.
 */
export const SHOW_STEPS: readonly SignInStep[] = [
  resumeSession,
  passGateway,
  showForm
]

/**
 * POST /login (CAS 3.0 §2.2). Every check that stores nothing comes first, then the counts
 * (posts per address, then failed attempts), and the one-time token is claimed last, just before
 * the directory is asked: a post that stops early leaves nothing in Redis but its address's count,
 * and a form stopped by a limit can be sent again once the limit has passed.
 */
export const SUBMIT_STEPS: readonly SignInStep[] = [
  checkCrossSite,
  limitPostRate,
  verifyFormToken,
  checkFields,
  throttle,
  claimFormToken,
  authenticate,
  startSession,
  deliverTicket
]

/**
 * Runs the steps in order until one has answered; the last step of each list always does. The
 * reply itself tells: awaiting a Fastify reply resolves to nothing, so a step cannot return it.
 */
export async function runSteps (steps: readonly SignInStep[], attempt: SignInAttempt): Promise<FastifyReply> {
  for (const step of steps) {
    await step(attempt)
    if (attempt.reply.sent) return attempt.reply
  }
  throw new Error('sign-in: no step answered')
}
