import type { PronoteCategory, PronoteLink } from '../../pronote/LinkStore.js'
import { escapeHtml } from '../../views/escapeHtml.js'
import { consolePage, csrfField } from './consolePage.js'

export const CATEGORY_LABEL: Record<PronoteCategory, string> = { 1: 'Élève', 2: 'Parent', 3: 'Enseignant', 4: 'Personnel' }

export interface LinkRow extends PronoteLink {
  /** The person's name as the directory gives it, when found. */
  name: string | undefined
}

export interface LinksFilter { q: string, category: PronoteCategory | undefined, source: 'import' | 'manual' | undefined }

export interface LinksPageOptions {
  basePath: string
  uid: string
  csrf: string
  uai: string
  rows: readonly LinkRow[]
  total: number
  filter: LinksFilter
  /** What the last form did, or why it was refused. */
  notice?: string
  error?: string
  /** The link form's values, kept after a refusal. */
  form?: { idpn: string, uid: string, category: string }
}

function option (value: string, label: string, selected: boolean): string {
  return `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${escapeHtml(label)}</option>`
}

/** "Liens": an establishment's links, searchable, with linking and unlinking by hand. */
export function linksPage (o: LinksPageOptions): string {
  const here = `${o.basePath}/admin/etablissements/${o.uai}/liens`
  const categories = ([1, 2, 3, 4] as const)
  const filters = `<form class="filters" method="get" action="${escapeHtml(here)}" role="search">
<label>Rechercher (nom, identifiant ou IDPN)<input type="text" name="q" value="${escapeHtml(o.filter.q)}"></label>
<label>Catégorie<select name="categorie">${option('', 'Toutes', o.filter.category === undefined)}${categories.map((c) => option(String(c), CATEGORY_LABEL[c], o.filter.category === c)).join('')}</select></label>
<label>Origine<select name="origine">${option('', 'Toutes', o.filter.source === undefined)}${option('import', 'Import', o.filter.source === 'import')}${option('manual', 'À la main', o.filter.source === 'manual')}</select></label>
<button type="submit">Filtrer</button>
</form>`
  const table = o.rows.length === 0
    ? '<p class="empty">Aucun lien ne correspond.</p>'
    : `<div class="table-scroll"><table>
<caption class="visually-hidden">Liens PRONOTE de ${escapeHtml(o.uai)}</caption>
<thead><tr><th scope="col">IDPN</th><th scope="col">Personne</th><th scope="col">Catégorie</th><th scope="col">Origine</th><th scope="col">Action</th></tr></thead>
<tbody>
${o.rows.map((r) => `<tr><td><code>${escapeHtml(r.idpn)}</code></td><td>${r.name === undefined ? '' : `${escapeHtml(r.name)}<br>`}<small>${escapeHtml(r.uid)}</small></td><td>${CATEGORY_LABEL[r.category]}</td><td>${r.source === 'manual' ? 'À la main' : 'Import'}</td><td><form class="inline" method="post" action="${escapeHtml(`${here}/${r.idpn}/suppression`)}">${csrfField(o.csrf)}<button type="submit" class="secondary">Délier<span class="visually-hidden"> ${escapeHtml(r.idpn)}</span></button></form></td></tr>`).join('\n')}
</tbody></table></div>`
  const form = o.form ?? { idpn: '', uid: '', category: '' }
  const describedBy = o.error === undefined ? '' : ' aria-describedby="erreur-lien"'
  const body = `${o.notice === undefined ? '' : `<p class="notice" role="status">${escapeHtml(o.notice)}</p>\n`}<p class="intro">${o.total} lien(s) pour l'établissement ${escapeHtml(o.uai)}. <a href="${escapeHtml(`${here}.csv`)}">Télécharger le CSV pour PRONOTE</a> (colonne « Identifiant CAS »).</p>
${filters}
${table}
<h2 id="lier">Lier à la main</h2>
${o.error === undefined ? '' : `<p class="error" role="alert" id="erreur-lien">${escapeHtml(o.error)}</p>\n`}<form class="stack" method="post" action="${escapeHtml(here)}"${describedBy}>
${csrfField(o.csrf)}
<label>IDPN<input type="text" name="idpn" required maxlength="64" autocomplete="off" value="${escapeHtml(form.idpn)}"></label>
<label>Identifiant de la personne<input type="text" name="uid" required maxlength="256" autocomplete="off" value="${escapeHtml(form.uid)}"></label>
<label>Catégorie<select name="categorie" required>${option('', 'Choisir…', form.category === '')}${categories.map((c) => option(String(c), CATEGORY_LABEL[c], form.category === String(c))).join('')}</select></label>
<label class="remember"><input type="checkbox" name="deplacer" value="1"> Déplacer l'IDPN s'il est déjà lié à quelqu'un d'autre</label>
<button type="submit">Lier</button>
</form>`
  return consolePage({ basePath: o.basePath, title: `Liens PRONOTE — ${o.uai}`, uid: o.uid, current: 'etablissements', body })
}
