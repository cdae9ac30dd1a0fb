import { escapeHtml } from '../../views/escapeHtml.js'
import { layout } from '../../views/layout.js'

export interface ConsolePageOptions {
  basePath: string
  title: string
  /** Already-escaped HTML of the page's content, under its h1. */
  body: string
  /** The admin signed in, shown beside the navigation; undefined on pages before sign-in. */
  uid?: string
  /** Which navigation entry is the current page. */
  current?: 'etablissements' | 'services'
}

/** The frame of every console page: the sign-in pages' look, a wider card, and the console's navigation. */
export function consolePage (o: ConsolePageOptions): string {
  const admin = `${o.basePath}/admin`
  const entry = (key: 'etablissements' | 'services', href: string, label: string): string =>
    `<a href="${escapeHtml(href)}"${o.current === key ? ' aria-current="page"' : ''}>${label}</a>`
  const nav = o.uid === undefined
    ? ''
    : `<nav class="console-nav" aria-label="Console d'administration">${entry('etablissements', `${admin}/`, 'Établissements')}${entry('services', `${admin}/services`, 'Services')}<span class="who">${escapeHtml(o.uid)} — <a href="${escapeHtml(`${admin}/deconnexion`)}">Se déconnecter</a></span></nav>\n`
  return layout({ title: `${o.title} — Administration`, basePath: o.basePath, wide: true, nav, body: `<h1>${escapeHtml(o.title)}</h1>\n${o.body}` })
}

/** A console refusal: 403 outside one's establishments, not an admin, expired form… */
export function consoleErrorPage (basePath: string, title: string, message: string, uid?: string): string {
  return consolePage({
    basePath,
    title,
    ...(uid === undefined ? {} : { uid }),
    body: `<p class="error" role="alert">${escapeHtml(message)}</p>\n<p><a class="button secondary" href="${escapeHtml(`${basePath}/admin/`)}">Retour à la console</a></p>`
  })
}

/** The hidden CSRF field every console form carries. */
export function csrfField (token: string): string {
  return `<input type="hidden" name="csrf" value="${escapeHtml(token)}">`
}
