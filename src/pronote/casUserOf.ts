import type { Directory } from '../directory/Directory.js'
import type { RegisteredService } from '../services/RegisteredService.js'
import { principalFor } from '../services/releaseAttributes.js'

/**
 * How a linked person's uid becomes the cas:user that the establishment's service receives (its
 * userAttribute), for PRONOTE's "Identifiant CAS" column: PRONOTE must find there what it will be
 * sent, or the person goes through "première connexion" again. With `userAttribute: "uid"` (or no
 * service) it is the uid; otherwise the establishment's people are read once from the directories.
 */
export async function casUserOf (service: RegisteredService | undefined, uai: string, directories: readonly Directory[]): Promise<(uid: string) => string> {
  if (service === undefined || service.userAttribute === 'uid') return (uid) => uid
  const byUid = new Map<string, string>()
  for (const d of directories) {
    for await (const person of d.peopleOf(uai)) byUid.set(person.uid, principalFor(service, person))
  }
  return (uid) => byUid.get(uid) ?? uid
}
