import type { Directory } from '../directory/Directory.js'
import { escapeHtml } from './escapeHtml.js'
import { layout } from './layout.js'

/** What the form carries from one answer to the next: the person's choices and the CAS parameters. */
export interface LoginFormFields {
  service: string | undefined
  /** The directory the person chose (the page keeps it only if it lists it). */
  selected: string | undefined
  username: string
  renew: boolean
  warn: boolean
  method: string | undefined
  rememberMe: boolean
  error: string | undefined
}

export interface LoginPageOptions extends LoginFormFields {
  basePath: string
  directories: ReadonlyArray<Pick<Directory, 'id' | 'label'>>
  execution: string
  serviceName: string | undefined
}

function hidden (name: string, value: string | undefined): string {
  return value === undefined ? '' : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">\n`
}

/**
 * Where the cursor starts: on the first thing still to fill in, so a keyboard user can sign in
 * with Tab, Space, typing and Enter alone (the directory choice comes first on the page).
 */
function firstToFill (o: LoginPageOptions, selected: string | undefined): 'directory' | 'username' | 'password' {
  if (o.directories.length > 1 && selected === undefined) return 'directory'
  return o.username === '' ? 'username' : 'password'
}

/** The sign-in form: one choice per directory, worded as the ENT words it. */
export function loginPage (o: LoginPageOptions): string {
  const selected = o.selected ?? (o.directories.length === 1 ? o.directories[0]?.id : undefined)
  const focus = firstToFill(o, selected)
  const autofocus = (field: typeof focus): string => field === focus ? ' autofocus' : ''
  // Inputs named by the error are read with it by screen readers, and marked invalid.
  const described = o.error === undefined ? '' : ' aria-describedby="erreur" aria-invalid="true"'
  const choices = o.directories.length <= 1
    ? hidden('directory', o.directories[0]?.id)
    : `<fieldset class="profiles"${o.error === undefined ? '' : ' aria-describedby="erreur"'}><legend>Je me connecte en tant que</legend>
${o.directories.map((d, i) => `<label class="profile"><input type="radio" name="directory" value="${escapeHtml(d.id)}" required${d.id === selected ? ' checked' : ''}${i === 0 ? autofocus('directory') : ''}> ${escapeHtml(d.label)}</label>`).join('\n')}
</fieldset>\n`
  const error = o.error === undefined ? '' : `<p class="error" id="erreur" role="alert">${escapeHtml(o.error)}</p>\n`
  const intro = o.serviceName === undefined
    ? '<p class="intro">Identifiez-vous pour accéder aux services de votre établissement.</p>'
    : `<p class="intro">Identifiez-vous pour accéder à <strong>${escapeHtml(o.serviceName)}</strong>.</p>`
  const body = `<h1>Connexion</h1>
${intro}
${error}<form method="post" action="${escapeHtml(o.basePath)}/login" class="login" autocomplete="on">
${choices}<label for="username">Identifiant</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(o.username)}"${described}${autofocus('username')}>
<label for="password">Mot de passe</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${described}${autofocus('password')}>
<label class="remember"><input type="checkbox" name="rememberMe" value="true"${o.rememberMe ? ' checked' : ''}> Se souvenir de moi</label>
<p class="hint">À ne cocher que sur un appareil personnel.</p>
${hidden('execution', o.execution)}${hidden('service', o.service)}${o.renew ? hidden('renew', 'true') : ''}${o.warn ? hidden('warn', 'true') : ''}${hidden('method', o.method)}<button type="submit">Se connecter</button>
</form>`
  // "Erreur" first in the title: it is the first thing a screen reader says of the new page.
  return layout({ title: o.error === undefined ? 'Connexion' : 'Erreur — Connexion', basePath: o.basePath, body, referrer: 'same-origin' })
}
