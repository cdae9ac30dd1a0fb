import { randomBytes } from 'node:crypto'
import { open, rename, unlink } from 'node:fs/promises'
import { CliError } from './CliError.js'

/**
 * Writes `path` whole or not at all (temporary file, fsync, rename), readable by its owner only:
 * links are personal data. A path that cannot be written is one French line (exit code 2).
 */
export async function writeFileAtomic (path: string, body: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    const handle = await open(tmp, 'wx', 0o600)
    try {
      await handle.writeFile(body)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(tmp, path)
  } catch (err) {
    await unlink(tmp).catch(() => {})
    throw new CliError(`impossible d'écrire ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)})`, 2)
  }
}
