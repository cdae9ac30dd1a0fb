import { randomBytes } from 'node:crypto'
import { open, rename, unlink } from 'node:fs/promises'
import { dirname } from 'node:path'

/**
 * Writes `path` whole or not at all: a temporary file beside it, fsync, rename over it, then an
 * fsync of the directory so that the rename itself survives a crash. Readable by its owner only
 * (links are personal data). On failure the temporary file goes and the error is thrown as is.
 */
export async function replaceFile (path: string, body: string): Promise<void> {
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
    throw err
  }
  const dir = await open(dirname(path), 'r')
  try { await dir.sync() } catch { /* some file systems refuse fsync on a directory */ } finally { await dir.close() }
}
