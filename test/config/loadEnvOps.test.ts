import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { loadEnv } from '../../src/config/loadEnv.js'
import { makeTestCa } from '../helpers/testCa.js'

t.test('a PUBLIC_URL or REDIS_URL without a scheme is answered with the form expected', async (t) => {
  t.throws(() => loadEnv({ PUBLIC_URL: 'cas.example.fr' }), { name: 'ConfigError', message: 'PUBLIC_URL: "cas.example.fr" n\'a pas de schéma (attendu : https://cas.example.fr)' })
  t.throws(() => loadEnv({ PUBLIC_URL: 'cas.example.fr/cas' }), { message: /attendu : https:\/\/cas\.example\.fr\/cas\)$/ })
  t.throws(() => loadEnv({ REDIS_URL: 'redis1:6379' }), { message: 'REDIS_URL: "redis1:6379" n\'a pas de schéma (attendu : redis://redis1:6379, ou rediss://redis1:6379 avec TLS)' })
  t.equal(loadEnv({ PUBLIC_URL: 'https://cas.example.fr' }).publicUrl, 'https://cas.example.fr')
})

t.test('Redis credentials: REDIS_USERNAME and REDIS_PASSWORD for the data nodes, the Sentinels\' own apart', async (t) => {
  const sentinel = loadEnv({ REDIS_SENTINELS: 's1:26379', REDIS_USERNAME: 'sesame', REDIS_PASSWORD: ' with spaces ', REDIS_SENTINEL_PASSWORD: 'sp' })
  t.match(sentinel.redisSecurity, { username: 'sesame', password: ' with spaces ', sentinelUsername: undefined, sentinelPassword: 'sp', tls: undefined })
  t.same(sentinel.redis, { kind: 'sentinel', sentinels: [{ host: 's1', port: 26379 }], name: 'mymaster' }, 'the Redis topology keeps its shape')
  t.throws(() => loadEnv({ REDIS_URL: 'redis://u:p@r:6379', REDIS_PASSWORD: 'x' }), { message: /^REDIS_PASSWORD: REDIS_URL porte déjà des identifiants/ })
  t.throws(() => loadEnv({ REDIS_URL: 'redis://r:6379', REDIS_USERNAME: 'sesame' }), { message: /^REDIS_PASSWORD: obligatoire avec REDIS_USERNAME/ })
  t.throws(() => loadEnv({ REDIS_URL: 'redis://r:6379', REDIS_SENTINEL_PASSWORD: 'x' }), { message: /^REDIS_SENTINEL_PASSWORD: sans effet sans REDIS_SENTINELS/ })
  t.throws(() => loadEnv({ REDIS_PASSWORD: 'x' }), { message: /^REDIS_PASSWORD: sans effet sans Redis/ }, 'a Redis setting without Redis is a mistake, said so')
})

t.test('Redis TLS: rediss:// or REDIS_TLS=true; the PEM files are read and checked at start-up', async (t) => {
  const ca = await makeTestCa(t)
  const tls = loadEnv({ REDIS_CLUSTER_NODES: 'r1:6379', REDIS_TLS: 'true', REDIS_TLS_CA_FILE: ca.caFile, REDIS_TLS_CERT_FILE: ca.files.client.certFile, REDIS_TLS_KEY_FILE: ca.files.client.keyFile }).redisSecurity.tls
  t.match(tls, { caFile: ca.caFile, ca: /BEGIN CERTIFICATE/, cert: /BEGIN CERTIFICATE/, key: /PRIVATE KEY/ })
  t.ok(loadEnv({ REDIS_URL: 'rediss://r:6380' }).redisSecurity.tls, 'rediss:// implies TLS, with the system CAs')
  t.equal(loadEnv({ REDIS_URL: 'redis://r:6379' }).redisSecurity.tls, undefined)
  t.throws(() => loadEnv({ REDIS_URL: 'redis://r:6379', REDIS_TLS_CA_FILE: ca.caFile }), { message: /^REDIS_TLS_CA_FILE: sans effet sans TLS/ })
  t.throws(() => loadEnv({ REDIS_URL: 'rediss://r:6380', REDIS_TLS: 'false' }), { message: /^REDIS_TLS: false contredit/ })
  t.throws(() => loadEnv({ REDIS_URL: 'rediss://r:6380', REDIS_TLS_CA_FILE: '/nonexistent/ca.pem' }), { message: 'REDIS_TLS_CA_FILE: /nonexistent/ca.pem illisible (ENOENT)' })
  const dir = await mkdtemp(join(tmpdir(), 'sesame-'))
  await writeFile(join(dir, 'empty.pem'), 'not a certificate')
  t.throws(() => loadEnv({ REDIS_URL: 'rediss://r:6380', REDIS_TLS_CA_FILE: join(dir, 'empty.pem') }), { message: /^REDIS_TLS_CA_FILE: .* ne contient aucun certificat au format PEM$/ })
  t.throws(() => loadEnv({ REDIS_URL: 'rediss://r:6380', REDIS_TLS_CERT_FILE: ca.files.client.certFile }), { message: /^REDIS_TLS_KEY_FILE: obligatoire avec REDIS_TLS_CERT_FILE/ })
  t.throws(() => loadEnv({ REDIS_URL: 'rediss://r:6380', REDIS_TLS_CERT_FILE: ca.files.client.certFile, REDIS_TLS_KEY_FILE: ca.files.client.certFile }), { message: /^REDIS_TLS_KEY_FILE: .* ne contient aucune clé privée au format PEM$/ })
  t.throws(() => loadEnv({ REDIS_SENTINELS: 's:26379', REDIS_TLS: 'oui' }), { message: /^REDIS_TLS: "oui" inconnu/ })
})
