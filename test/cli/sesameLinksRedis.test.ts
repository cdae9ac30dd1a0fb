import { Redis } from 'ioredis'
import t from 'tap'
import { RedisLinkStore } from '../../src/pronote/RedisLinkStore.js'
import { testRedisUrl } from '../helpers/testServers.js'
import { linksScenario } from './linksScenario.js'

// `sesame links …` with REDIS_URL, on the test run's Redis: a database of its own (5), so that
// wiping it leaves other tests' keys alone.
const url = `${testRedisUrl()}/5`
const admin = new Redis(url)
t.teardown(async () => { await admin.quit() })

linksScenario(t, {
  place: () => `Redis ${url}`,
  env: () => ({ REDIS_URL: url }),
  open: async () => new RedisLinkStore(admin),
  wipe: async () => { await admin.flushdb() }
})
