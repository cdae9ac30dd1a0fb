import type { Test } from 'tap'
import type { ServiceStore, StoredService } from '../../src/services/store/ServiceStore.js'

const stored = (id: string, name = id): StoredService => ({
  kind: 'pronote',
  definition: { id, name, uai: '0340000X', pronoteUrl: `https://${id}.index-education.net/pronote/` },
  updatedBy: 'claire.moreau',
  updatedAt: '2026-12-01T08:00:00.000Z'
})

/** The rules every ServiceStore keeps, run against each implementation. */
export function serviceStoreContract (t: Test, name: string, make: (t: Test) => Promise<ServiceStore>): void {
  t.test(`${name}: a stored service is listed as it was given, sorted by id`, async (t) => {
    const store = await make(t)
    await store.put(stored('b'))
    await store.put(stored('a'))
    t.same((await store.list()).map((s) => s.definition.id), ['a', 'b'])
    t.same((await store.list())[0], stored('a'))
  })

  t.test(`${name}: put replaces the service of the same id`, async (t) => {
    const store = await make(t)
    await store.put(stored('a', 'Ancien nom'))
    await store.put(stored('a', 'Nouveau nom'))
    const list = await store.list()
    t.equal(list.length, 1)
    t.equal(list[0]?.definition.name, 'Nouveau nom')
  })

  t.test(`${name}: remove says whether there was a service`, async (t) => {
    const store = await make(t)
    await store.put(stored('a'))
    t.equal(await store.remove('a'), true)
    t.equal(await store.remove('a'), false)
    t.same(await store.list(), [])
  })

  t.test(`${name}: the version changes with every change, so nodes know when to reload`, async (t) => {
    const store = await make(t)
    const v0 = await store.version()
    t.equal(await store.version(), v0, 'stable while nothing changes')
    await store.put(stored('a'))
    const v1 = await store.version()
    t.not(v1, v0)
    await store.remove('a')
    t.not(await store.version(), v1)
  })
}
