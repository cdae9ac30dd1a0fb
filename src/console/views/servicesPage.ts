import { escapeHtml } from '../../views/escapeHtml.js'
import { consolePage, csrfField } from './consolePage.js'

export interface ServiceRow {
  id: string
  name: string
  pattern: string
  uai: string | undefined
  group: string
  /** From services.json: read-only here. */
  readOnly: boolean
  /** Within the admin's establishments (or a "*" admin). */
  editable: boolean
}

/** "Services": the registry as this admin may see it; the console's own entries can be changed. */
export function servicesPage (o: { basePath: string, uid: string, csrf: string, rows: readonly ServiceRow[], notice?: string }): string {
  const base = `${o.basePath}/admin/services`
  const rows = o.rows.map((r) => {
    const actions = r.readOnly
      ? '<small>services.json (lecture seule)</small>'
      : r.editable
        ? `<a href="${escapeHtml(`${base}/${r.id}`)}">Modifier<span class="visually-hidden"> ${escapeHtml(r.name)}</span></a> <form class="inline" method="post" action="${escapeHtml(`${base}/${r.id}/suppression`)}">${csrfField(o.csrf)}<button type="submit" class="secondary">Supprimer<span class="visually-hidden"> ${escapeHtml(r.name)}</span></button></form>`
        : ''
    return `<tr><th scope="row">${escapeHtml(r.name)}<br><small>${escapeHtml(r.id)}</small></th><td><code>${escapeHtml(r.pattern)}</code></td><td>${escapeHtml(r.uai ?? '—')}</td><td>${escapeHtml(r.group)}</td><td>${actions}</td></tr>`
  }).join('\n')
  const body = `${o.notice === undefined ? '' : `<p class="notice" role="status">${escapeHtml(o.notice)}</p>\n`}<p class="intro">Les applications qui peuvent demander un ticket. Une modification s'applique à tous les serveurs en quelques secondes.</p>
<p class="actions"><a class="button" href="${escapeHtml(`${base}/nouveau?type=pronote`)}">Ajouter un PRONOTE (SSO PRONOTE avec CAS)</a> <a class="button secondary" href="${escapeHtml(`${base}/nouveau?type=cas`)}">Ajouter une application CAS</a></p>
${o.rows.length === 0 ? '<p class="empty">Aucun service pour vos établissements.</p>' : `<div class="table-scroll"><table>
<caption class="visually-hidden">Services enregistrés</caption>
<thead><tr><th scope="col">Service</th><th scope="col">Motif d'URL</th><th scope="col">Établissement</th><th scope="col">Regroupement</th><th scope="col">Actions</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>`}`
  return consolePage({ basePath: o.basePath, title: 'Services', uid: o.uid, current: 'services', body })
}
