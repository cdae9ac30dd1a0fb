import { open, stat, unlink } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'

/** A lock older than this was left by a crashed process. */
const STALE_MS = 30_000
const WAIT_MS = 15_000

/**
 * Runs fn while holding `lockPath` (created exclusively), so that the server and the import
 * command never interleave their read-modify-write of the same file.
 */
export async function withFileLock<T> (lockPath: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + WAIT_MS
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx')
      await handle.writeFile(`${process.pid}\n`)
      await handle.close()
      break
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const age = await stat(lockPath).then((s) => Date.now() - s.mtimeMs, () => 0)
      if (age > STALE_MS) {
        await unlink(lockPath).catch(() => {})
        continue
      }
      if (Date.now() > deadline) throw new Error(`${lockPath} : verrou tenu par un autre processus depuis ${Math.round(age / 1000)} s`)
      await sleep(25)
    }
  }
  try {
    return await fn()
  } finally {
    await unlink(lockPath).catch(() => {})
  }
}
