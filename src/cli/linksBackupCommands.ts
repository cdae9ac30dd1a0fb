import { readFile } from 'node:fs/promises'
import { loadEnv } from '../config/loadEnv.js'
import { backupLinks, LinksBackupError, parseLinksBackup } from '../pronote/linksBackup.js'
import { CliError } from './CliError.js'
import type { CliIo } from './CliIo.js'
import { openCliLinkStore } from './openCliLinkStore.js'
import { writeFileAtomic } from './writeFileAtomic.js'

const plural = (n: number, word: string): string => `${n} ${word}${n > 1 ? 's' : ''}`

/** `sesame links export --out FILE`: every establishment's links, one JSON document. */
export async function exportCommand (out: string, io: CliIo): Promise<void> {
  const store = await openCliLinkStore(loadEnv(io.env), (line) => io.stderr.write(`${line}\n`))
  let backup
  try { backup = await backupLinks(store) } finally { await store.close().catch(() => {}) }
  await writeFileAtomic(out, `${JSON.stringify(backup, null, 1)}\n`)
  const count = backup.establishments.reduce((n, e) => n + e.links.length, 0)
  io.stdout.write(`${plural(count, 'lien')} de ${plural(backup.establishments.length, 'établissement')} sauvegardé${count > 1 ? 's' : ''} dans ${out}\n`)
}

/**
 * `sesame links restore --file FILE [--uai UAI]`: the whole file is checked before the store is
 * even opened; then each establishment's links are replaced in one atomic step. Establishments
 * the file does not hold are left as they are (and named).
 */
export async function restoreCommand (file: string, onlyUai: string | undefined, io: CliIo): Promise<void> {
  const config = loadEnv(io.env)
  let text: string
  try { text = await readFile(file, 'utf8') } catch (err) {
    throw new CliError(`sauvegarde illisible : ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`, 2)
  }
  let establishments
  try { establishments = parseLinksBackup(text).establishments } catch (err) {
    if (err instanceof LinksBackupError) throw new CliError(`sauvegarde refusée, rien n'a changé : ${file} : ${err.message}`, 2)
    throw err
  }
  if (onlyUai !== undefined) {
    establishments = establishments.filter((e) => e.uai === onlyUai)
    if (establishments.length === 0) throw new CliError(`sauvegarde refusée, rien n'a changé : ${file} ne contient pas l'établissement ${onlyUai}`, 2)
  }
  const store = await openCliLinkStore(config, (line) => io.stderr.write(`${line}\n`))
  let done = 0
  try {
    for (const e of establishments) {
      await store.replaceEstablishment(e.uai, e.links)
      done++
    }
    const untouched = onlyUai === undefined ? (await store.establishments()).filter((uai) => !establishments.some((e) => e.uai === uai)) : []
    const count = establishments.reduce((n, e) => n + e.links.length, 0)
    io.stdout.write(`${plural(count, 'lien')} de ${plural(done, 'établissement')} restauré${count > 1 ? 's' : ''} depuis ${file}\n`)
    if (untouched.length > 0) io.stdout.write(`absents de la sauvegarde, laissés tels quels : ${untouched.join(', ')}\n`)
  } catch (err) {
    // Each establishment is replaced atomically, not the whole set: say how far it went.
    if (done === establishments.length) throw err
    const left = establishments.slice(done).map((e) => e.uai).join(', ')
    throw new CliError(`restauration interrompue après ${plural(done, 'établissement')} sur ${establishments.length} (restent : ${left}) : ${(err as Error).message}`, 1)
  } finally {
    await store.close().catch(() => {})
  }
}
