import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import t from 'tap'
import { FileServiceStore } from '../../src/services/store/FileServiceStore.js'
import { MemoryServiceStore } from '../../src/services/store/MemoryServiceStore.js'
import { RedisServiceStore } from '../../src/services/store/RedisServiceStore.js'
import { testRedisUrl } from '../helpers/testServers.js'
import { serviceStoreContract } from './serviceStoreContract.js'

let prefix = 0

serviceStoreContract(t, 'MemoryServiceStore', async () => new MemoryServiceStore())
serviceStoreContract(t, 'FileServiceStore', async () => await FileServiceStore.open(mkdtempSync(join(tmpdir(), 'sesame-services-'))))
serviceStoreContract(t, 'RedisServiceStore', async (t) => {
  const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 })
  t.teardown(() => { redis.disconnect() })
  return new RedisServiceStore(redis, `test:${process.pid}:${prefix++}:`)
})

t.test('FileServiceStore: a second store on the same DATA_DIR (another process) sees the changes', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sesame-services-'))
  const a = await FileServiceStore.open(dir)
  const b = await FileServiceStore.open(dir)
  await a.put({ kind: 'cas', definition: { id: 'x', name: 'X', serviceId: 'https://x.example.fr/**' }, updatedBy: 'ops', updatedAt: '2026-12-01T08:00:00.000Z' })
  t.same((await b.list()).map((s) => s.definition.id), ['x'])
})

t.test('FileServiceStore: a damaged file is a StoredDataError naming it, never an empty list', async (t) => {
  for (const [content, why] of [['{"version": 1, "services": [', /illisible \(/], ['{"version": 1}', /illisible$/], ['{"version": 1, "services": [{"kind": "sql"}]}', /\[0\]: service enregistré illisible/]] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'sesame-services-'))
    writeFileSync(join(dir, 'console-services.json'), content)
    await t.rejects(FileServiceStore.open(dir), { name: 'StoredDataError', message: why })
    t.equal(readFileSync(join(dir, 'console-services.json'), 'utf8'), content, 'the file is left as it was')
  }
})
