import { escapeHtml } from '../../views/escapeHtml.js'
import { consolePage, csrfField } from './consolePage.js'

/** "Importer les identifiants PRONOTE", step 0: the file and the mode. */
export function importUploadPage (o: { basePath: string, uid: string, csrf: string, uai: string, maxMiB: number, error?: string, busy?: string }): string {
  const action = `${o.basePath}/admin/etablissements/${o.uai}/import`
  const body = `<p class="intro">Déposez le fichier exporté par PRONOTE (« Socle ENT, Exporter les identifiants PRONOTE », <code>IdPN_To_KOSMOS.xml</code>), chiffré pour l'ENT ou non. Rien n'est enregistré avant « Valider l'import ».</p>
${o.busy === undefined ? '' : `<p class="error" role="alert">${escapeHtml(o.busy)}</p>\n`}${o.error === undefined ? '' : `<p class="error" role="alert" id="erreur-fichier">${escapeHtml(o.error)}</p>\n`}<form class="stack service-form" method="post" action="${escapeHtml(action)}" enctype="multipart/form-data">
${csrfField(o.csrf)}
<fieldset class="profiles"><legend>Type d'import</legend>
<label class="profile"><input type="radio" name="mode" value="full" checked> Import complet (rentrée : les liens de l'établissement sont remplacés)</label>
<label class="profile"><input type="radio" name="mode" value="partial"> Import partiel (nouveaux arrivants : les liens existants sont gardés)</label>
</fieldset>
<label>Fichier d'export PRONOTE <small>(${o.maxMiB} Mio au plus)</small><input type="file" name="fichier" accept=".xml,application/xml,text/xml" required${o.error === undefined ? '' : ' aria-invalid="true" aria-describedby="erreur-fichier"'}></label>
<button type="submit">Vérifier le fichier</button>
</form>
<p><a href="${escapeHtml(`${o.basePath}/admin/etablissements/${o.uai}/historique`)}">Historique des imports</a></p>`
  return consolePage({ basePath: o.basePath, title: `Importer les identifiants PRONOTE — ${o.uai}`, uid: o.uid, current: 'etablissements', body })
}
