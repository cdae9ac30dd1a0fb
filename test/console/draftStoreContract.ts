import type { Test } from 'tap'
import type { DraftStore } from '../../src/console/drafts/DraftStore.js'

/** The rules every DraftStore keeps, run against each implementation. */
export function draftStoreContract (t: Test, name: string, make: (t: Test) => Promise<DraftStore>): void {
  t.test(`${name}: a saved draft loads back until deleted`, async (t) => {
    const store = await make(t)
    await store.save('d1', '{"a":1}', 60)
    t.equal(await store.load('d1'), '{"a":1}')
    await store.save('d1', '{"a":2}', 60)
    t.equal(await store.load('d1'), '{"a":2}', 'saving again replaces')
    await store.delete('d1')
    t.equal(await store.load('d1'), undefined)
  })

  t.test(`${name}: a draft expires after its TTL`, async (t) => {
    const store = await make(t)
    await store.save('d2', 'x', 1)
    await new Promise((resolve) => setTimeout(resolve, 1100))
    t.equal(await store.load('d2'), undefined)
  })

  t.test(`${name}: an establishment's import lock is held by one draft at a time`, async (t) => {
    const store = await make(t)
    t.equal(await store.lock('0340000X', 'draft-a', 60), 'draft-a')
    t.equal(await store.lock('0340000X', 'draft-b', 60), 'draft-a', 'the second admin is told who holds it')
    t.equal(await store.lock('0340000X', 'draft-a', 60), 'draft-a', 'the holder may refresh it')
    t.equal(await store.lock('0340001Y', 'draft-b', 60), 'draft-b', 'other establishments are free')
    await store.unlock('0340000X', 'draft-b')
    t.equal(await store.lock('0340000X', 'draft-b', 60), 'draft-a', 'only the holder releases it')
    await store.unlock('0340000X', 'draft-a')
    t.equal(await store.lock('0340000X', 'draft-b', 60), 'draft-b')
  })

  t.test(`${name}: a lock left behind expires`, async (t) => {
    const store = await make(t)
    await store.lock('0340000X', 'draft-a', 1)
    await new Promise((resolve) => setTimeout(resolve, 1100))
    t.equal(await store.lock('0340000X', 'draft-b', 60), 'draft-b')
  })
}
