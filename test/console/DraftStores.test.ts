import { Redis } from 'ioredis'
import t from 'tap'
import { MemoryDraftStore } from '../../src/console/drafts/MemoryDraftStore.js'
import { RedisDraftStore } from '../../src/console/drafts/RedisDraftStore.js'
import { testRedisUrl } from '../helpers/testServers.js'
import { draftStoreContract } from './draftStoreContract.js'

let prefix = 0
draftStoreContract(t, 'MemoryDraftStore', async () => new MemoryDraftStore())
draftStoreContract(t, 'RedisDraftStore', async (t) => {
  const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 })
  t.teardown(() => { redis.disconnect() })
  return new RedisDraftStore(redis, `test:${process.pid}:${prefix++}:`)
})
