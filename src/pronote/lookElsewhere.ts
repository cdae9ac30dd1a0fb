import type { Directory } from '../directory/Directory.js'
import { KIND_NAME } from './ExportEntry.js'
import type { ReportEntry } from './ImportReport.js'
import { PeopleIndex } from './PeopleIndex.js'

/** Unmatched entries whose name is known in another establishment say so: the person is there. */
export async function lookElsewhere (unmatched: ReportEntry[], uai: string, otherUais: readonly string[], directories: Directory[]): Promise<void> {
  const named = unmatched.filter((e) => e.nom !== '' && e.prenom !== '')
  if (named.length === 0) return
  for (const other of new Set(otherUais.map((u) => u.toUpperCase()))) {
    if (other === uai) continue
    const people = await PeopleIndex.load(directories, other)
    for (const e of named) if (people.named(e.kind, e.nom, e.prenom).length > 0) (e.elsewhere ??= []).push(other)
  }
  for (const e of named) {
    if (e.elsewhere !== undefined) e.reason = `${KIND_NAME[e.kind]} de ce nom rattaché à l'établissement ${e.elsewhere.join(', ')}, pas à ${uai}`
  }
}
