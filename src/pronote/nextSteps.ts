import type { ImportReport, NextStep } from './ImportReport.js'

/**
 * What the admin does after an import, in order: PRONOTE learns the CAS identifiers from the CSV
 * export (its "Identifiant CAS" column), and the people the import could not identify are linked
 * by hand. The commands are the `sesame` command's, ready to paste.
 */
export function nextSteps (r: Omit<ImportReport, 'nextSteps'>): NextStep[] {
  const steps: NextStep[] = []
  const csv = `liens-pronote-${r.uai}.csv`
  const needsForce = r.removalLimit.exceeded && !r.removalLimit.forced
  if (r.dryRun) {
    steps.push({ text: `Simulation : relancez sans --dry-run (dryRun=false dans l'API) pour enregistrer les liens${needsForce ? ` ; il faudra --force (force=true), car ${r.removalLimit.removals} liens seraient supprimés` : ''}.` })
  } else if (!r.written) {
    steps.push({
      text: `Vérifiez les ${r.removalLimit.removals} liens supprimés listés ci-dessus ; si c'est voulu (départs réels), relancez l'import avec --force (force=true dans l'API).`,
      command: `npm run import -- --file ${r.file.name ?? 'IdPN_To_KOSMOS.xml'} --uai ${r.uai} --mode ${r.mode} --force`
    })
  }
  steps.push({
    text: `${r.written ? 'Exportez' : 'Après l\'import, exportez'} les liens et importez le fichier dans PRONOTE (colonne « Identifiant CAS ») pour que chacun soit reconnu dès sa première connexion.`,
    command: `npm run import -- --export-csv --uai ${r.uai} --out ${csv}`
  })
  const toLink = [...r.ambiguous, ...r.unmatched]
  if (toLink.length > 0) {
    steps.push({
      text: `Liez à la main les ${toLink.length} personne(s) listée(s) comme ambiguës ou non trouvées, une commande par personne (uid de l'annuaire ; catégorie 1 élève, 2 responsable, 3 professeur, 4 personnel), ou dans la console d'administration (page Liens) :`,
      command: toLink.map((e) => `npx sesame links link --uai ${r.uai} --idpn ${e.idpn} --uid ${e.candidates[0] ?? 'UID'} --category ${e.category}`).join('\n')
    })
  }
  if (r.written) steps.push({ text: 'En cas d\'erreur, l\'import peut être annulé (les liens d\'avant sont rétablis).', command: `npm run import -- --undo --uai ${r.uai}` })
  return steps
}
