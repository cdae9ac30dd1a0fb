import { escapeHtml } from './escapeHtml.js'

export interface LayoutOptions {
  title: string
  /** Base path of the server ('' or '/cas'), for the stylesheet and scripts. */
  basePath: string
  /** Already-escaped HTML of the page's main content. */
  body: string
  /** A script served by Sésame itself (never inline: the CSP forbids inline scripts). */
  script?: string
  /** False where the page's policy allows no image (the method=POST page): no icon, no refused load. */
  icon?: boolean
  /** A wider card, for the tables of the admin console. */
  wide?: boolean
  /** Already-escaped HTML shown above the card: the console's navigation. */
  nav?: string
  /**
   * The page's referrer policy, no-referrer by default. The sign-in form uses same-origin: under
   * no-referrer browsers post it with `Origin: null`, and POST /login wants its own origin.
   */
  referrer?: 'no-referrer' | 'same-origin'
}

/**
 * A keyhole, the mark of Sésame. As a data: URI the icon costs no request (the policy allows
 * data: images), and the browser does not ask for /favicon.ico, which would answer 404 and log an
 * error in the console.
 */
const KEYHOLE = '<path d="M16 7a5 5 0 0 0-2.6 9.3L12 25h8l-1.4-8.7A5 5 0 0 0 16 7z"/>'
const ICON = `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b5cad"/><g fill="#fff">${KEYHOLE}</g></svg>`)}`
const MARK = `<svg class="mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false"><rect width="32" height="32" rx="7" fill="#fff"/><g fill="#0b5cad">${KEYHOLE}</g></svg>`

/** The one page frame: one stylesheet, one look, no external asset. */
export function layout ({ title, basePath, body, script, icon = true, wide = false, nav, referrer = 'no-referrer' }: LayoutOptions): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="${referrer}">
<title>${escapeHtml(title)} — Sésame</title>
${icon ? `<link rel="icon" href="${escapeHtml(ICON)}">\n` : ''}<link rel="stylesheet" href="${escapeHtml(basePath)}/static/sesame.css">
${script === undefined ? '' : `<script src="${escapeHtml(basePath)}/static/${escapeHtml(script)}" defer></script>\n`}</head>
<body>
<header class="banner"><span class="brand">${MARK}Sésame</span><span class="tagline">Connexion aux services de votre établissement</span></header>
${nav ?? ''}<main class="${wide ? 'card wide' : 'card'}" id="contenu">
${body}
</main>
<footer class="footer">Service d'authentification de l'ENT — vos identifiants ne sont jamais transmis aux applications.</footer>
</body>
</html>
`
}
