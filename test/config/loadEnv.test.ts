import t from 'tap'
import { loadEnv } from '../../src/config/loadEnv.js'

t.test('the defaults of DESIGN §4', async (t) => {
  const c = loadEnv({})
  t.equal(c.port, 8080)
  t.equal(c.host, '0.0.0.0')
  t.equal(c.publicUrl, 'http://localhost:8080')
  t.equal(c.basePath, '')
  t.equal(c.secure, false)
  t.equal(c.redis, undefined)
  t.equal(c.servicesFile, 'config/services.json')
  t.equal(c.directoriesFile, 'config/directories.json')
  t.equal(c.stTtlSeconds, 10)
  t.equal(c.tgtTtlSeconds, 28800)
  t.equal(c.tgtIdleSeconds, 7200)
  t.equal(c.dataDir, 'data')
  t.equal(c.logLevel, 'info')
  t.ok(c.casSecretGenerated, 'a secret is generated when none is given')
})

t.test('PUBLIC_URL gives the base path and whether cookies are Secure', async (t) => {
  const c = loadEnv({ PUBLIC_URL: 'https://cas.example.fr/cas/' })
  t.equal(c.publicUrl, 'https://cas.example.fr/cas')
  t.equal(c.basePath, '/cas')
  t.equal(c.secure, true)
})

t.test('a bad value stops the start with one line naming the variable', async (t) => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'eighty' }, /^PORT: /],
    [{ PORT: '70000' }, /^PORT: /],
    [{ PUBLIC_URL: 'cas.example.fr' }, /^PUBLIC_URL: /],
    [{ PUBLIC_URL: 'ftp://cas.example.fr' }, /^PUBLIC_URL: /],
    [{ PUBLIC_URL: 'https://cas.example.fr/?a=1' }, /^PUBLIC_URL: /],
    [{ REDIS_URL: 'http://redis' }, /^REDIS_URL: /],
    [{ REDIS_URL: 'redis://a', REDIS_CLUSTER_NODES: 'b:1' }, /REDIS_URL, REDIS_SENTINELS et REDIS_CLUSTER_NODES/],
    [{ REDIS_SENTINELS: 'a' }, /^REDIS_SENTINELS: /],
    [{ REDIS_CLUSTER_NODES: 'a:1,b:x' }, /^REDIS_CLUSTER_NODES: /],
    [{ CAS_SECRET: 'short' }, /^CAS_SECRET: /],
    [{ ST_TTL_SECONDS: '0' }, /^ST_TTL_SECONDS: /],
    [{ TGT_TTL_SECONDS: '-5' }, /^TGT_TTL_SECONDS: /],
    [{ TGT_IDLE_SECONDS: '90000' }, /^TGT_IDLE_SECONDS: /],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: /],
    [{ ADMIN_JWKS_URL: 'not a url' }, /^ADMIN_JWKS_URL: /],
    [{ ADMIN_JWT_SECRET: 'short' }, /^ADMIN_JWT_SECRET: /]
  ]
  for (const [env, message] of cases) {
    t.throws(() => loadEnv(env), { name: 'ConfigError', message }, JSON.stringify(env))
  }
})

t.test('in production, a start without CAS_SECRET is refused', async (t) => {
  t.throws(() => loadEnv({ NODE_ENV: 'production' }), /^CAS_SECRET: obligatoire/)
  t.same(loadEnv({ NODE_ENV: 'production', CAS_SECRET: 'x'.repeat(32) }).casSecrets, ['x'.repeat(32)])
})

t.test('CAS_SECRET may list several secrets for rotation: the first signs', async (t) => {
  t.same(loadEnv({ CAS_SECRET: `${'a'.repeat(32)}, ${'b'.repeat(32)}` }).casSecrets, ['a'.repeat(32), 'b'.repeat(32)])
})

t.test('Redis: one URL, a Sentinel set, or a Cluster', async (t) => {
  t.same(loadEnv({ REDIS_URL: 'rediss://r:6380' }).redis, { kind: 'url', url: 'rediss://r:6380' })
  t.same(loadEnv({ REDIS_SENTINELS: 's1:26379, s2:26379', REDIS_SENTINEL_NAME: 'sesame' }).redis,
    { kind: 'sentinel', sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26379 }], name: 'sesame' })
  t.same(loadEnv({ REDIS_CLUSTER_NODES: '10.0.0.1:7000,[::1]:7001' }).redis,
    { kind: 'cluster', nodes: [{ host: '10.0.0.1', port: 7000 }, { host: '::1', port: 7001 }] })
})

t.test('TRUST_PROXY: nobody is believed by default, so X-Forwarded-For cannot choose the client address', async (t) => {
  t.equal(loadEnv({}).trustProxy, false)
  t.equal(loadEnv({ TRUST_PROXY: '2' }).trustProxy, 2)
  t.same(loadEnv({ TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy, ['10.0.0.0/8', 'loopback'])
  t.throws(() => loadEnv({ TRUST_PROXY: 'the load balancer' }), /^TRUST_PROXY: /)
})

t.test('TRUST_PROXY=true is refused at start: it would believe the address a client writes itself', async (t) => {
  const err = t.throws(() => loadEnv({ TRUST_PROXY: 'true' })) as Error
  t.match(err.message, /^TRUST_PROXY: [^\n]*nombre de proxys[^\n]*CIDR[^\n]*la plus à droite$/)
})

t.test('throttling settings: per-login limit whatever the address, and the POST rate per address, with their defaults', async (t) => {
  t.match(loadEnv({}).throttle, { perLoginAnyAddress: 20, postsPerAddress: 300, postsWindowSeconds: 60 })
  t.match(loadEnv({ THROTTLE_LOGIN_ANY_ADDRESS_FAILURES: '50', THROTTLE_ADDRESS_POSTS: '10', THROTTLE_ADDRESS_POSTS_WINDOW_SECONDS: '30' }).throttle,
    { perLoginAnyAddress: 50, postsPerAddress: 10, postsWindowSeconds: 30 })
  t.throws(() => loadEnv({ THROTTLE_LOGIN_ANY_ADDRESS_FAILURES: '0' }), /^THROTTLE_LOGIN_ANY_ADDRESS_FAILURES: /)
  t.throws(() => loadEnv({ THROTTLE_ADDRESS_POSTS: 'beaucoup' }), /^THROTTLE_ADDRESS_POSTS: /)
})
