import type { Directory } from '../directory/Directory.js'
import { escapeHtml } from './escapeHtml.js'
import { layout } from './layout.js'

export interface LoginPageOptions {
  basePath: string
  directories: ReadonlyArray<Pick<Directory, 'id' | 'label'>>
  selected: string | undefined
  execution: string
  service: string | undefined
  serviceName: string | undefined
  username: string
  renew: boolean
  warn: boolean
  method: string | undefined
  rememberMe: boolean
  error: string | undefined
}

function hidden (name: string, value: string | undefined): string {
  return value === undefined ? '' : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">\n`
}

/** The sign-in form: one choice per directory, worded as the ENT words it. */
export function loginPage (o: LoginPageOptions): string {
  const selected = o.selected ?? (o.directories.length === 1 ? o.directories[0]?.id : undefined)
  const choices = o.directories.length <= 1
    ? hidden('directory', o.directories[0]?.id)
    : `<fieldset class="profiles"><legend>Je me connecte en tant que</legend>
${o.directories.map((d) => `<label class="profile"><input type="radio" name="directory" value="${escapeHtml(d.id)}" required${d.id === selected ? ' checked' : ''}> ${escapeHtml(d.label)}</label>`).join('\n')}
</fieldset>\n`
  const error = o.error === undefined ? '' : `<p class="error" id="erreur" role="alert">${escapeHtml(o.error)}</p>\n`
  const described = o.error === undefined ? '' : ' aria-describedby="erreur" aria-invalid="true"'
  const intro = o.serviceName === undefined
    ? '<p class="intro">Identifiez-vous pour accéder aux services de votre établissement.</p>'
    : `<p class="intro">Identifiez-vous pour accéder à <strong>${escapeHtml(o.serviceName)}</strong>.</p>`
  const body = `<h1>Connexion</h1>
${intro}
${error}<form method="post" action="${escapeHtml(o.basePath)}/login" class="login" autocomplete="on">
${choices}<label for="username">Identifiant</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(o.username)}"${described}${o.username === '' ? ' autofocus' : ''}>
<label for="password">Mot de passe</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${described}${o.username !== '' ? ' autofocus' : ''}>
<label class="remember"><input type="checkbox" name="rememberMe" value="true"${o.rememberMe ? ' checked' : ''}> Se souvenir de moi</label>
${hidden('execution', o.execution)}${hidden('service', o.service)}${o.renew ? hidden('renew', 'true') : ''}${o.warn ? hidden('warn', 'true') : ''}${hidden('method', o.method)}<button type="submit">Se connecter</button>
</form>
<p class="hint">Ne cochez « Se souvenir de moi » que sur un appareil personnel.</p>`
  return layout({ title: 'Connexion', basePath: o.basePath, body })
}
