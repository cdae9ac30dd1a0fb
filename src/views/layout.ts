import { escapeHtml } from './escapeHtml.js'

export interface LayoutOptions {
  title: string
  /** Base path of the server ('' or '/cas'), for the stylesheet and scripts. */
  basePath: string
  /** Already-escaped HTML of the page's main content. */
  body: string
  /** A script served by Sésame itself (never inline: the CSP forbids inline scripts). */
  script?: string
}

/** The one page frame: one stylesheet, one look, no external asset. */
export function layout ({ title, basePath, body, script }: LayoutOptions): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} — Sésame</title>
<link rel="stylesheet" href="${escapeHtml(basePath)}/static/sesame.css">
${script === undefined ? '' : `<script src="${escapeHtml(basePath)}/static/${escapeHtml(script)}" defer></script>\n`}</head>
<body>
<header class="banner"><span class="brand">Sésame</span><span class="tagline">Connexion aux services de votre établissement</span></header>
<main class="card" id="contenu">
${body}
</main>
<footer class="footer">Service d'authentification de l'ENT — vos identifiants ne sont jamais transmis aux applications.</footer>
</body>
</html>
`
}
