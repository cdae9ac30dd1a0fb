import t from 'tap'
import { loginPage, type LoginPageOptions } from '../../src/views/loginPage.js'
import { errorPage, postRedirectPage } from '../../src/views/pages.js'

const ENT = [{ id: 'aten', label: 'Élève ou parent' }, { id: 'arena', label: 'Personnel Éducation nationale' }]
const base: LoginPageOptions = {
  basePath: '/cas', directories: ENT, selected: undefined, execution: 'x', service: undefined, serviceName: undefined,
  username: '', renew: false, warn: false, method: undefined, rememberMe: false, error: undefined
}
const autofocused = (html: string): string[] => [...html.matchAll(/<input [^>]*name="([^"]+)"(?: value="([^"]*)")?[^>]*autofocus/g)].map((m) => m[2] !== undefined && m[1] === 'directory' ? `${m[1]}=${m[2]}` : m[1] as string)

t.test('the cursor starts on the first thing to fill in: the directory choice, then the login, then (after an error) the password', async (t) => {
  t.same(autofocused(loginPage(base)), ['directory=aten'])
  t.same(autofocused(loginPage({ ...base, selected: 'arena' })), ['username'])
  t.same(autofocused(loginPage({ ...base, directories: [ENT[0] as typeof ENT[0]] })), ['username'], 'one directory: no choice to make')
  t.same(autofocused(loginPage({ ...base, selected: 'aten', username: 'lea.dupont', error: 'Identifiant ou mot de passe incorrect.' })), ['password'])
})

t.test('an error is announced (role=alert), describes the fields and the choice, and is named first in the title', async (t) => {
  const html = loginPage({ ...base, error: 'Choisissez votre profil de connexion.' })
  t.match(html, /<p class="error" id="erreur" role="alert">Choisissez votre profil de connexion\.<\/p>/)
  t.match(html, /<fieldset class="profiles" aria-describedby="erreur">/)
  t.match(html, /id="username"[^>]*aria-describedby="erreur" aria-invalid="true"/)
  t.match(html, /id="password"[^>]*aria-describedby="erreur" aria-invalid="true"/)
  t.match(html, /<title>Erreur — Connexion — Sésame<\/title>/)
  t.notMatch(loginPage(base), /aria-invalid|role="alert"/, 'no error, no alert')
})

t.test('every reflected value is escaped: the service name, the login kept, the directory labels', async (t) => {
  const html = loginPage({ ...base, serviceName: '<b>PRONOTE</b>', username: '"><script>', directories: [{ id: 'a"b', label: '<i>x</i>' }, ENT[1] as typeof ENT[1]] })
  t.notMatch(html, /<b>PRONOTE|"><script>|<i>x/)
  t.match(html, /&lt;b&gt;PRONOTE/)
})

t.test('pages load only Sésame\'s stylesheet under the base path, and an icon that costs no request', async (t) => {
  const html = errorPage('/cas', { title: 'Accès refusé', message: 'Non.' })
  const links = [...html.matchAll(/<link rel="([^"]+)" href="([^"]+)">/g)].map((m) => [m[1], m[2]?.startsWith('data:image/svg+xml,') === true ? 'data:image/svg+xml,…' : m[2]])
  t.same(links, [['icon', 'data:image/svg+xml,…'], ['stylesheet', '/cas/static/sesame.css']])
  t.notMatch(html, /<script|style=/, 'no script, no inline style')
  t.notMatch(postRedirectPage('/cas', 'https://pronote.example/', 'ST-1'), /rel="icon"/, 'the method=POST page, whose policy allows no image, has no icon')
})
