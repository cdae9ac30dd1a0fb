import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Cluster, Redis } from 'ioredis'
import t, { type Test } from 'tap'
import { freePort } from '../../scripts/testServices/freePort.mjs'
import { startRedis } from '../../scripts/testServices/redis.mjs'
import { aclArgs, startRedisCluster } from '../../scripts/testServices/redisCluster.mjs'
import { startRedisSentinel } from '../../scripts/testServices/redisSentinel.mjs'
import type { Config } from '../../src/config/Config.js'
import { createRedisClient } from '../../src/config/createRedisClient.js'
import { loadEnv } from '../../src/config/loadEnv.js'
import { checkRedisAtStart } from '../../src/health/checkAtStart.js'
import { RedisTicketStore } from '../../src/tickets/RedisTicketStore.js'
import { makeTestCa } from '../helpers/testCa.js'
import { runServer } from '../helpers/runServer.js'
import { aSession, aTicket } from '../tickets/ticketStoreContract.js'

// Real redis-server processes, as deployed: an ACL user (the default user off), TLS with a
// private CA and client certificates, Sentinels with their own password, a Cluster with a password.
const AUTH = { username: 'sesame', password: 'mot de passe: @/#?' }
const dir = mkdtempSync(join(tmpdir(), 'sesame-redis-security-'))
const stops: Array<() => Promise<void>> = []
t.teardown(async () => {
  for (const stop of stops) await stop().catch(() => {})
  rmSync(dir, { recursive: true, force: true })
})

interface Logged { level: 'info' | 'warn', obj: Record<string, unknown>, msg: string }
function recorder (): { log: { info: (o: object, m: string) => void, warn: (o: object, m: string) => void }, lines: Logged[] } {
  const lines: Logged[] = []
  return {
    lines,
    log: {
      info: (obj, msg) => { lines.push({ level: 'info', obj: obj as Record<string, unknown>, msg }) },
      warn: (obj, msg) => { lines.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }) }
    }
  }
}

function clientOf (t: Test, config: Config): Redis | Cluster {
  const redis = createRedisClient(config.redis!, config.redisSecurity)
  t.teardown(() => { redis.disconnect() })
  return redis
}

/** A session and a ticket go through the store and come back: the client really signs in. */
async function storeWorks (t: Test, redis: Redis | Cluster, prefix: string): Promise<void> {
  const store = new RedisTicketStore(redis, `${prefix}:`)
  t.teardown(async () => { await store.close() })
  const tgt = aSession()
  await store.createSession(tgt)
  t.same(await store.useSession(tgt.id), tgt, 'the session written is read back')
  const st = aTicket(tgt)
  await store.addServiceTicket(st, 10)
  t.equal((await store.consumeServiceTicket(st.id))?.id, st.id, 'the ticket written is consumed once')
}

t.test('standalone Redis with an ACL user: REDIS_USERNAME and REDIS_PASSWORD sign in, and the start logs its state in one line', async (t) => {
  const redis = await startRedis({ dir: join(dir, 'acl'), args: [...aclArgs(AUTH), '--user', 'limited', 'on', `>${AUTH.password}`, '~*', '&*', '+@all', '-config'] })
  stops.push(redis.stop)
  const config = loadEnv({ REDIS_URL: redis.url, REDIS_USERNAME: AUTH.username, REDIS_PASSWORD: AUTH.password })
  const client = clientOf(t, config)
  const { log, lines } = recorder()
  await checkRedisAtStart(client, config, log)
  t.match(lines[0], { level: 'info', obj: { event: 'startup.redis', state: 'up', kind: 'url' } })
  t.match(lines[1], { level: 'warn', obj: { event: 'startup.redis.persistence', appendonly: 'no', save: '' }, msg: /keeps nothing on disk/ }, 'a Redis that persists nothing is warned about')
  await storeWorks(t, client, 'acl')

  const limited = loadEnv({ REDIS_URL: redis.url, REDIS_USERNAME: 'limited', REDIS_PASSWORD: AUTH.password })
  const seen = recorder()
  await checkRedisAtStart(clientOf(t, limited), limited, seen.log)
  t.match(seen.lines[1], { level: 'warn', obj: { event: 'startup.redis.persistence', reason: /NOPERM/ }, msg: /could not be checked/ }, 'CONFIG refused by the ACL: said so')

  const wrong = loadEnv({ REDIS_URL: redis.url, REDIS_USERNAME: AUTH.username, REDIS_PASSWORD: 'wrong' })
  await t.rejects(checkRedisAtStart(clientOf(t, wrong), wrong, recorder().log), { name: 'ConfigError', message: /^REDIS_USERNAME\/REDIS_PASSWORD: Redis refuse l'authentification \(WRONGPASS [^\n]*\)$/ })
  const inUrl = loadEnv({ REDIS_URL: redis.url.replace('//', `//${AUTH.username}:wrong@`) })
  await t.rejects(checkRedisAtStart(clientOf(t, inUrl), inUrl, recorder().log), { message: /^REDIS_URL: Redis refuse l'authentification/ }, 'credentials in REDIS_URL are named as such')
})

t.test('the server with a wrong Redis password stops with one line naming the setting (exit 2), and no ioredis stack', async (t) => {
  const redis = await startRedis({ dir: join(dir, 'acl-process'), args: aclArgs(AUTH) })
  stops.push(redis.stop)
  const p = runServer({ REDIS_URL: redis.url, REDIS_USERNAME: AUTH.username, REDIS_PASSWORD: 'wrong', PORT: String(await freePort()), HOST: '127.0.0.1' })
  t.equal(await p.exited, 2)
  t.match(p.output(), /^sesame: REDIS_USERNAME\/REDIS_PASSWORD: Redis refuse l'authentification \(WRONGPASS[^\n]*\)\n$/m)
  t.notMatch(p.output(), /Unhandled error event|^\s+at /m)
  t.notMatch(p.output(), /wrong/, 'the password is never written')
})

t.test('standalone Redis over TLS that asks for a client certificate: the CA of REDIS_TLS_CA_FILE vouches for it, and REDIS_TLS_CERT_FILE gets in', async (t) => {
  const ca = await makeTestCa(t)
  const port = await freePort()
  const redis = await startRedis({
    dir: join(dir, 'tls'),
    port,
    args: ['--port', '0', '--tls-port', String(port), '--tls-cert-file', ca.files.server.certFile, '--tls-key-file', ca.files.server.keyFile,
      '--tls-ca-cert-file', ca.caFile, '--tls-auth-clients', 'yes', ...aclArgs(AUTH)]
  })
  stops.push(redis.stop)
  const url = `rediss://127.0.0.1:${port}`
  const env = { REDIS_URL: url, REDIS_USERNAME: AUTH.username, REDIS_PASSWORD: AUTH.password, REDIS_TLS_CA_FILE: ca.caFile }
  const config = loadEnv({ ...env, REDIS_TLS_CERT_FILE: ca.files.client.certFile, REDIS_TLS_KEY_FILE: ca.files.client.keyFile })
  t.equal(config.redisSecurity.tls?.caFile, ca.caFile)
  const client = clientOf(t, config)
  const { log, lines } = recorder()
  await checkRedisAtStart(client, config, log)
  t.match(lines[0], { obj: { event: 'startup.redis', state: 'up', tls: true } })
  await storeWorks(t, client, 'tls')

  const untrusted = loadEnv({ ...env, REDIS_TLS_CA_FILE: ca.files.untrusted.certFile, REDIS_TLS_CERT_FILE: ca.files.client.certFile, REDIS_TLS_KEY_FILE: ca.files.client.keyFile })
  await t.rejects(checkRedisAtStart(clientOf(t, untrusted), untrusted, recorder().log), { name: 'ConfigError', message: /^REDIS_TLS_CA_FILE: certificat de Redis refusé/ }, 'a certificate no configured CA vouches for stops the start')
})

t.test('Sentinel with passwords on both the Sentinels and the master', async (t) => {
  const sentinel = await startRedisSentinel({ dir: join(dir, 'sentinel'), name: 'sesame', auth: AUTH, sentinelPassword: 'sentinel secret' })
  stops.push(sentinel.stop)
  const env = {
    REDIS_SENTINELS: sentinel.sentinels.map((s) => `${s.host}:${s.port}`).join(','),
    REDIS_SENTINEL_NAME: 'sesame',
    REDIS_USERNAME: AUTH.username,
    REDIS_PASSWORD: AUTH.password
  }
  const config = loadEnv({ ...env, REDIS_SENTINEL_PASSWORD: 'sentinel secret' })
  const client = clientOf(t, config)
  const { log, lines } = recorder()
  await checkRedisAtStart(client, config, log)
  t.match(lines[0], { obj: { event: 'startup.redis', state: 'up', kind: 'sentinel' } })
  await storeWorks(t, client, 'sentinel')
  t.match(await (client as Redis).info('server'), new RegExp(`tcp_port:${sentinel.masterPort}\\b`), 'on the master')

  const wrongSentinel = loadEnv({ ...env, REDIS_SENTINEL_PASSWORD: 'wrong' })
  await t.rejects(checkRedisAtStart(clientOf(t, wrongSentinel), wrongSentinel, recorder().log), { message: /^REDIS_SENTINEL_USERNAME\/REDIS_SENTINEL_PASSWORD: Redis refuse l'authentification \((WRONGPASS|ERR)/ })
  const wrongMaster = loadEnv({ ...env, REDIS_PASSWORD: 'wrong', REDIS_SENTINEL_PASSWORD: 'sentinel secret' })
  await t.rejects(checkRedisAtStart(clientOf(t, wrongMaster), wrongMaster, recorder().log), { message: /^REDIS_USERNAME\/REDIS_PASSWORD: Redis refuse l'authentification \(WRONGPASS/ })
})

t.test('Cluster with a password on every node', async (t) => {
  const cluster = await startRedisCluster({ dir: join(dir, 'cluster'), auth: AUTH })
  stops.push(cluster.stop)
  const env = { REDIS_CLUSTER_NODES: cluster.nodes.map((n) => `${n.host}:${n.port}`).join(','), REDIS_USERNAME: AUTH.username }
  const config = loadEnv({ ...env, REDIS_PASSWORD: AUTH.password })
  const client = clientOf(t, config)
  const { log, lines } = recorder()
  await checkRedisAtStart(client, config, log)
  t.match(lines[0], { obj: { event: 'startup.redis', state: 'up', kind: 'cluster' } })
  t.equal(lines.filter((l) => l.obj.event === 'startup.redis.persistence').length, 3, 'each master is asked about persistence')
  await storeWorks(t, client, '{cluster}')

  const wrong = loadEnv({ ...env, REDIS_PASSWORD: 'wrong' })
  await t.rejects(checkRedisAtStart(clientOf(t, wrong), wrong, recorder().log), { message: /^REDIS_USERNAME\/REDIS_PASSWORD: Redis refuse l'authentification \(WRONGPASS/ })
})

t.test('Cluster over TLS with a password: every node, and the nodes it learns of, are reached over TLS', async (t) => {
  const ca = await makeTestCa(t)
  const cluster = await startRedisCluster({ dir: join(dir, 'cluster-tls'), auth: AUTH, tls: { caFile: ca.caFile, ...ca.files.node } })
  stops.push(cluster.stop)
  const config = loadEnv({
    REDIS_CLUSTER_NODES: cluster.nodes.map((n) => `${n.host}:${n.port}`).join(','),
    REDIS_USERNAME: AUTH.username,
    REDIS_PASSWORD: AUTH.password,
    REDIS_TLS: 'true',
    REDIS_TLS_CA_FILE: ca.caFile
  })
  const client = clientOf(t, config)
  const { log, lines } = recorder()
  await checkRedisAtStart(client, config, log)
  t.match(lines[0], { obj: { event: 'startup.redis', state: 'up', kind: 'cluster', tls: true } })
  await storeWorks(t, client, '{cluster-tls}')
})
