import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import t from 'tap'
import { startRedis } from '../../scripts/testServices/redis.mjs'
import { linkKeys, RedisLinkStore } from '../../src/pronote/RedisLinkStore.js'
import { link, linkStoreContract } from './linkStoreContract.js'

// No skip: without a redis-server the Redis store is untested, so the file fails.
const dir = mkdtempSync(join(tmpdir(), 'sesame-links-redis-'))
const server = await startRedis({ dir })
const admin = new Redis(server.url)
t.teardown(async () => {
  await admin.quit()
  await server.stop()
  rmSync(dir, { recursive: true, force: true })
})

linkStoreContract(t, async () => {
  await admin.flushall()
  return new RedisLinkStore(new Redis(server.url), true)
})

t.test('an establishment\'s keys share one cluster slot through a {UAI} hash tag', async (t) => {
  t.same(linkKeys('0340000x'), ['sesame:links:{0340000X}:idpn', 'sesame:links:{0340000X}:uid'])
  const store = new RedisLinkStore(new Redis(server.url), true)
  t.teardown(async () => { await store.close() })
  await admin.flushall()
  await store.replaceEstablishment('0340000X', [link('A1', 'u1')])
  t.same((await admin.keys('*')).sort(), ['sesame:links:{0340000X}:idpn', 'sesame:links:{0340000X}:uid'])
})

t.test('linksOf is a single Redis command', async (t) => {
  const client = new Redis(server.url)
  const store = new RedisLinkStore(client, true)
  t.teardown(async () => { await store.close() })
  await store.replaceEstablishment('0340000X', [link('A1', 'u1'), link('B2', 'u1', 2)])
  const sent: string[] = []
  const original = client.sendCommand.bind(client)
  client.sendCommand = ((command: { name: string }) => { sent.push(command.name); return original(command as never) }) as typeof client.sendCommand
  t.equal((await store.linksOf('u1', '0340000X')).length, 2)
  t.same(sent, ['hget'])
})

t.test('a store given a client leaves it open on close', async (t) => {
  const client = new Redis(server.url)
  t.teardown(async () => { await client.quit() })
  await new RedisLinkStore(client).close()
  t.equal(await client.ping(), 'PONG')
})
