import { renderLoginForm } from '../renderLoginForm.js'
import type { SignInStep } from './SignInAttempt.js'

/** The sign-in form, with its one-time token; GET /login's last step, which always answers. */
export const showForm: SignInStep = async ({ flow, request, reply, state }) => {
  await renderLoginForm(flow.ctx, request, reply, state)
}
