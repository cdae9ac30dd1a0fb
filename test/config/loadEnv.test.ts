import t from 'tap'
import { loadEnv } from '../../src/config/loadEnv.js'

t.test('the defaults of the README Settings table', async (t) => {
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
  t.equal(c.sessionTicketsPerMinute, 60)
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
    [{ ADMIN_JWT_SECRET: 'short' }, /^ADMIN_JWT_SECRET: /],
    [{ SESSION_TICKETS_PER_MINUTE: '0' }, /^SESSION_TICKETS_PER_MINUTE: /],
    [{ SESSION_TICKETS_PER_MINUTE: 'beaucoup' }, /^SESSION_TICKETS_PER_MINUTE: /]
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

t.test('ADMIN_JWT_SECRET: at least 32 bytes of UTF-8, and never one of the CAS_SECRET entries', async (t) => {
  const cas = 'c'.repeat(32)
  t.throws(() => loadEnv({ ADMIN_JWT_SECRET: 'a'.repeat(31) }), { name: 'ConfigError', message: /^ADMIN_JWT_SECRET: au moins 32 octets$/ })
  t.throws(() => loadEnv({ ADMIN_JWT_SECRET: `${'é'.repeat(15)}a` }), { name: 'ConfigError', message: /^ADMIN_JWT_SECRET: / }, '31 bytes')
  t.equal(loadEnv({ ADMIN_JWT_SECRET: 'é'.repeat(16) }).adminJwtSecret, 'é'.repeat(16), '16 characters, 32 bytes')
  t.throws(() => loadEnv({ CAS_SECRET: cas, ADMIN_JWT_SECRET: cas }), { name: 'ConfigError', message: /^ADMIN_JWT_SECRET: doit être différent de chaque secret de CAS_SECRET$/ })
  t.throws(() => loadEnv({ CAS_SECRET: `${'n'.repeat(32)},${cas}`, ADMIN_JWT_SECRET: cas }), { name: 'ConfigError', message: /^ADMIN_JWT_SECRET: / }, 'an older CAS secret kept for rotation counts too')
  t.equal(loadEnv({ CAS_SECRET: cas, ADMIN_JWT_SECRET: 'd'.repeat(32) }).adminJwtSecret, 'd'.repeat(32))
})

t.test('ADMIN_JWKS_URL: https, or http to a loopback host only', async (t) => {
  for (const url of ['https://idp.example.fr/jwks.json', 'http://localhost:8081/jwks', 'http://127.0.0.1/jwks', 'http://127.10.20.30:9000/jwks', 'http://[::1]:8081/jwks']) {
    t.equal(loadEnv({ ADMIN_JWKS_URL: url }).adminJwksUrl, url, url)
  }
  for (const url of ['http://idp.example.fr/jwks.json', 'http://10.0.0.1/jwks', 'http://128.0.0.1/jwks', 'http://localhost.example.fr/jwks', 'http://[::2]/jwks', 'ftp://localhost/jwks']) {
    t.throws(() => loadEnv({ ADMIN_JWKS_URL: url }), { name: 'ConfigError', message: /^ADMIN_JWKS_URL: / }, url)
  }
})

t.test('ADMIN_JWT_AUDIENCE defaults to sesame-admin; ADMIN_JWT_ISSUER is unset unless given', async (t) => {
  t.equal(loadEnv({}).adminJwtAudience, 'sesame-admin')
  t.equal(loadEnv({}).adminJwtIssuer, undefined)
  const c = loadEnv({ ADMIN_JWT_AUDIENCE: 'sesame-admin-prod', ADMIN_JWT_ISSUER: 'https://idp.example.fr' })
  t.equal(c.adminJwtAudience, 'sesame-admin-prod')
  t.equal(c.adminJwtIssuer, 'https://idp.example.fr')
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
