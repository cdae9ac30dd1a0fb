import { renderLoginForm, type LoginFormState } from '../renderLoginForm.js'
import type { SignInAttempt } from './SignInAttempt.js'

/** A form posted from another site, or one not drawn for this browser (login CSRF). */
export const FOREIGN_FORM = 'Formulaire expiré ou envoyé depuis un autre site. Saisissez à nouveau vos identifiants.'

/** Draws the form again, with a fresh token, the attempt's answers and a French error. */
export async function refuse (attempt: SignInAttempt, status: number, error: string, over: Partial<LoginFormState> = {}): Promise<void> {
  await renderLoginForm(attempt.flow.ctx, attempt.request, attempt.reply, { ...attempt.state, error, ...over }, status)
}

/** Another site's login is not shown back: the fresh form is empty. */
export async function refuseForeignForm (attempt: SignInAttempt): Promise<void> {
  await refuse(attempt, 403, FOREIGN_FORM, { username: '', rememberMe: false })
}
