import { randomBytes } from 'node:crypto'
import { open, readFile, stat, unlink, utimes } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'

export interface FileLockOptions {
  /** A lock not refreshed for this long was left by a crashed process (default 30 s). */
  staleMs?: number
  /** How long to wait for the lock before giving up (default 15 s). */
  waitMs?: number
}

/**
 * Runs fn while holding `lockPath` (created exclusively), so that the server and the import
 * command never interleave their read-modify-write of the same file. The holder touches the lock
 * every staleMs / 4 while fn runs, so a slow import is never taken for a crashed one; a lock that
 * nobody refreshes for staleMs is taken over. On release the lock is removed only if it is still
 * ours (it holds a random token), never the lock of whoever took it over.
 */
export async function withFileLock<T> (lockPath: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const staleMs = options.staleMs ?? 30_000
  const deadline = Date.now() + (options.waitMs ?? 15_000)
  const token = `${process.pid} ${randomBytes(8).toString('hex')}\n`
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx')
      try { await handle.writeFile(token) } finally { await handle.close() }
      break
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const age = await stat(lockPath).then((s) => Date.now() - s.mtimeMs, () => 0)
      if (age > staleMs) {
        await unlink(lockPath).catch(() => {})
        continue
      }
      if (Date.now() > deadline) throw new Error(`${lockPath} : verrou tenu par un autre processus depuis ${Math.round(age / 1000)} s`)
      await sleep(25)
    }
  }
  const refresh = setInterval(() => {
    const now = new Date()
    utimes(lockPath, now, now).catch(() => {})
  }, Math.max(10, Math.floor(staleMs / 4)))
  refresh.unref()
  try {
    return await fn()
  } finally {
    clearInterval(refresh)
    if (await readFile(lockPath, 'utf8').catch(() => undefined) === token) await unlink(lockPath).catch(() => {})
  }
}
