import { ACCESS_GROUPS, type AccessGroup } from '../../services/RegisteredService.js'
import { escapeHtml } from '../../views/escapeHtml.js'
import type { FieldErrors, ServiceFormValues } from '../serviceForm.js'
import { consolePage, csrfField } from './consolePage.js'

const ACCESS_LABEL: Record<AccessGroup, string> = { eleve: 'Élève', parent: 'Parent', enseignant: 'Enseignant', 'non-enseignant': 'Non enseignant', autre: 'Autre' }

export interface ServiceFormPageOptions {
  basePath: string
  uid: string
  csrf: string
  values: ServiceFormValues
  errors: FieldErrors
  /** Where the form posts: a new service, or the one being edited. */
  action: string
  editing: boolean
}

/** The console's service form: "SSO PRONOTE avec CAS" or a generic CAS application, each message next to its field. */
export function serviceFormPage (o: ServiceFormPageOptions): string {
  const v = o.values
  const error = (key: keyof FieldErrors): string => o.errors[key] === undefined ? '' : `<span class="error" id="erreur-${key}" role="alert">${escapeHtml(o.errors[key] as string)}</span>`
  const aria = (key: keyof FieldErrors): string => o.errors[key] === undefined ? '' : ` aria-invalid="true" aria-describedby="erreur-${key}"`
  // The label names the field and nothing else (a screen reader, or a search by label, hears "Nom",
  // not its hint); the hint is read as the field's description, the error instead when there is one.
  const field = (key: keyof ServiceFormValues, label: string, hint: string, control: (describe: string) => string): string => {
    const describe = o.errors[key] !== undefined ? aria(key) : hint === '' ? '' : ` aria-describedby="aide-${key}"`
    return `<div class="field"><label for="champ-${key}">${escapeHtml(label)}</label>${hint === '' ? '' : `<small id="aide-${key}">${escapeHtml(hint)}</small>`}${control(describe)}${error(key)}</div>`
  }
  const input = (key: keyof ServiceFormValues, label: string, hint = '', required = false): string =>
    field(key, label, hint, (describe) => `<input type="text" id="champ-${key}" name="${key}" value="${escapeHtml(String(v[key]))}"${required ? ' required' : ''}${describe}>`)
  const release = (value: string, label: string): string => `<option value="${value}"${v.attributeRelease === value ? ' selected' : ''}>${label}</option>`
  const specific = v.kind === 'pronote'
    ? input('pronoteUrl', 'URL de PRONOTE', 'ex. https://0340000x.index-education.net/pronote/', true)
    : `${input('serviceId', 'Motif d\'URL du service', 'motif Ant (…/**) ou expression régulière commençant par ^', true)}
${field('attributeRelease', 'Attributs transmis', '', (describe) => `<select id="champ-attributeRelease" name="attributeRelease"${describe}>${release('none', 'Aucun')}${release('default', 'Identité (nom, prénom, profils, établissements)')}${release('pronote', 'PRONOTE')}</select>`)}
${input('launchUrl', 'Adresse de la tuile sur « Mes services »', 'facultatif ; doit correspondre au motif')}
${input('callbackPattern', 'Proxy : motif des URL de rappel', 'facultatif ; https')}`
  const body = `<p class="intro">${v.kind === 'pronote' ? 'SSO PRONOTE avec CAS : le motif …/pronote/** et les attributs PRONOTE sont déduits de l\'URL.' : 'Application CAS générique.'}</p>
${o.errors.form === undefined ? '' : `<p class="error" role="alert">${escapeHtml(o.errors.form)}</p>\n`}<form class="stack service-form" method="post" action="${escapeHtml(o.action)}">
${csrfField(o.csrf)}<input type="hidden" name="type" value="${v.kind}">
${input('name', 'Nom', 'tel qu\'il apparaît aux utilisateurs', true)}
${specific}
${input('uai', 'Établissement (UAI)', v.kind === 'pronote' ? 'ex. 0340000X' : 'facultatif', v.kind === 'pronote')}
${input('group', 'Regroupement', 'ex. Scolarité')}
${input('description', 'Description', 'facultatif')}
<fieldset class="profiles"${aria('access')}><legend>Accès population</legend>
${ACCESS_GROUPS.map((g) => `<label class="profile"><input type="checkbox" name="access" value="${g}"${v.access.includes(g) ? ' checked' : ''}> ${ACCESS_LABEL[g]}</label>`).join('\n')}
${error('access')}</fieldset>
<label class="remember"><input type="checkbox" name="singleLogout" value="1"${v.singleLogout ? ' checked' : ''}> Déconnexion unique (SLO)</label>
<button type="submit">${o.editing ? 'Enregistrer' : 'Créer le service'}</button>
</form>
<p><a href="${escapeHtml(`${o.basePath}/admin/services`)}">Retour aux services</a></p>`
  return consolePage({ basePath: o.basePath, title: o.editing ? `Modifier « ${v.name} »` : (v.kind === 'pronote' ? 'Nouveau PRONOTE' : 'Nouvelle application CAS'), uid: o.uid, current: 'services', body })
}
