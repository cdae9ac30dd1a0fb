import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { withFileLock } from '../../src/pronote/withFileLock.js'

const dir = mkdtempSync(join(tmpdir(), 'sesame-lock-'))
t.teardown(() => { rmSync(dir, { recursive: true, force: true }) })

t.test('a lock held by a slow holder is never taken over, however long the holder works', async (t) => {
  const lock = join(dir, 'slow.lock')
  const opts = { staleMs: 400, waitMs: 2000 }
  let contender: Promise<string> | undefined
  const held = await withFileLock(lock, async () => {
    // The contender waits five times the stale age: without refreshes it would break in.
    contender = withFileLock(lock, async () => 'broke in', opts).catch((err: Error) => err.message)
    return await contender
  }, opts)
  t.match(held, /verrou tenu par un autre processus/)
  t.equal(await contender, held)
  t.equal(await withFileLock(lock, async () => 'free again', opts), 'free again', 'released at the end')
})

t.test('a lock nobody refreshes (its holder crashed) is taken over', async (t) => {
  const lock = join(dir, 'crashed.lock')
  writeFileSync(lock, '12345 deadbeef\n')
  const past = new Date(Date.now() - 60_000)
  utimesSync(lock, past, past)
  t.equal(await withFileLock(lock, async () => 'taken', { staleMs: 30_000, waitMs: 100 }), 'taken')
})

t.test('a holder whose lock was taken over does not remove the new holder\'s lock', async (t) => {
  const lock = join(dir, 'fenced.lock')
  await withFileLock(lock, async () => {
    writeFileSync(lock, 'another holder\n') // stands for a process that took the lock over
  })
  await t.rejects(withFileLock(lock, async () => 'should wait', { waitMs: 100 }), /verrou tenu/)
  rmSync(lock)
})
