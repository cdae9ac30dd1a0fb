import type { Person } from '../directory/Person.js'
import { escapeHtml } from './escapeHtml.js'
import { layout } from './layout.js'

/** The page after sign-in without a service. */
export function signedInPage (basePath: string, person: Person): string {
  const name = [person.prenom, person.nom].filter((s) => s !== undefined).join(' ') || person.uid
  return layout({
    title: 'Connecté',
    basePath,
    body: `<h1>Vous êtes connecté</h1>
<p>Bonjour <strong>${escapeHtml(name)}</strong>, vous êtes identifié auprès du service d'authentification.</p>
<p>Vous pouvez maintenant ouvrir les applications de votre établissement sans saisir à nouveau votre mot de passe.</p>
<p><a class="button secondary" href="${escapeHtml(basePath)}/logout">Se déconnecter</a></p>`
  })
}

export function loggedOutPage (basePath: string): string {
  return layout({
    title: 'Déconnecté',
    basePath,
    body: `<h1>Vous êtes déconnecté</h1>
<p>Votre session est fermée. Pour plus de sécurité, fermez aussi votre navigateur.</p>
<p><a class="button" href="${escapeHtml(basePath)}/login">Se connecter à nouveau</a></p>`
  })
}

/** The `warn` confirmation page; "Continuer" goes to continueUrl, a Sésame URL that issues the ticket then. */
export function warnPage (basePath: string, serviceName: string, continueUrl: string): string {
  return layout({
    title: 'Confirmation',
    basePath,
    body: `<h1>Accès à ${escapeHtml(serviceName)}</h1>
<p>Vous êtes déjà connecté. Pour ouvrir <strong>${escapeHtml(serviceName)}</strong> sans saisir à nouveau votre mot de passe, choisissez « Continuer ».</p>
<p><a class="button" href="${escapeHtml(continueUrl)}">Continuer</a></p>`
  })
}

/** method=POST: the ticket goes to the service in a form that a script of ours submits. */
export function postRedirectPage (basePath: string, action: string, ticket: string): string {
  return layout({
    title: 'Redirection',
    basePath,
    script: 'autosubmit.js',
    icon: false,
    body: `<h1>Redirection en cours…</h1>
<form method="post" action="${escapeHtml(action)}" data-autosubmit>
<input type="hidden" name="ticket" value="${escapeHtml(ticket)}">
<noscript><p>JavaScript est désactivé : cliquez sur « Continuer ».</p></noscript>
<button type="submit">Continuer</button>
</form>`
  })
}

export interface ErrorPageOptions {
  title: string
  message: string
  detail?: string
}

/** An error page: access refused, unknown application, unavailable, bad request. */
export function errorPage (basePath: string, o: ErrorPageOptions): string {
  return layout({
    title: o.title,
    basePath,
    body: `<h1>${escapeHtml(o.title)}</h1>
<p class="error" role="alert">${escapeHtml(o.message)}</p>
${o.detail === undefined ? '' : `<p>${escapeHtml(o.detail)}</p>\n`}<p><a class="button secondary" href="${escapeHtml(basePath)}/login">Retour à la connexion</a></p>`
  })
}
