import t from 'tap'
import type { Directory } from '../../src/directory/Directory.js'
import { FileDirectory } from '../../src/directory/FileDirectory.js'
import { Browser, ticketOf } from '../helpers/browser.js'
import { DEMO_PASSWORD, PRONOTE_ELEVE, testApp } from '../helpers/testApp.js'

const enc = encodeURIComponent

function fakeDirectory (id: string, ping: () => Promise<boolean>): Directory {
  return { id, label: id, authenticate: async () => { throw new Error('unused') }, peopleOf: async function * () {}, ping, close: async () => {} }
}

t.test('/health answers 200 while the process runs, under PUBLIC_URL\'s path, never cached', async (t) => {
  const { app } = await testApp(t, { env: { PUBLIC_URL: 'https://cas.example.fr/cas' } })
  const res = await app.inject('/cas/health')
  t.equal(res.statusCode, 200)
  t.same(res.json(), { status: 'ok' })
  t.equal(res.headers['cache-control'], 'no-store')
  t.equal((await app.inject('/health')).statusCode, 404, 'not outside the base path')
})

t.test('/ready is 200 with each backend\'s state when Redis and every directory answer', async (t) => {
  const demo = await FileDirectory.load('demo', 'Démo', 'config/demo-users.json')
  const { app } = await testApp(t, { directories: [demo, fakeDirectory('aten', async () => true)] })
  const res = await app.inject('/ready')
  t.equal(res.statusCode, 200)
  const body = res.json() as { status: string, checks: Record<string, { up: boolean, ms: number }> }
  t.equal(body.status, 'ready')
  t.same(Object.keys(body.checks).sort(), ['directory:aten', 'directory:demo'])
  t.ok(body.checks['directory:aten']?.up)
})

t.test('by default (READY_REQUIRES=redis,any-directory) a node with one directory down stays ready, and /ready shows every backend\'s state', async (t) => {
  const { app } = await testApp(t, {
    directories: [
      fakeDirectory('aten', async () => true),
      fakeDirectory('arena', async () => false),
      fakeDirectory('broken', async () => { throw new Error('ECONNREFUSED 10.0.0.1:389') })
    ]
  })
  const res = await app.inject('/ready')
  t.equal(res.statusCode, 200, 'ATEN sign-ins still work: the node stays in the load balancer')
  const body = res.json() as { status: string, requires: string[], unmet: string[], checks: Record<string, { up: boolean, error?: string }> }
  t.equal(body.status, 'ready')
  t.same(body.requires, ['redis', 'any-directory'])
  t.same(body.unmet, [])
  t.equal(body.checks['directory:aten']?.up, true)
  t.equal(body.checks['directory:arena']?.up, false)
  t.match(body.checks['directory:broken'], { up: false, error: /ECONNREFUSED/ })
})

t.test('/ready is 503, naming what is unmet, when no directory answers', async (t) => {
  const { app } = await testApp(t, { directories: [fakeDirectory('down', async () => false), fakeDirectory('broken', async () => { throw new Error('ECONNREFUSED') })] })
  const res = await app.inject('/ready')
  t.equal(res.statusCode, 503)
  t.match(res.json(), { status: 'unavailable', unmet: ['any-directory'] })
  t.match((await app.inject('/metrics')).body, /^sesame_unavailable_responses_total 0$/m, "/ready's own 503 is not counted as a request turned away")
  t.notMatch((await app.inject('/metrics')).body, /route="\/(ready|health|metrics)"/, 'operations endpoints are left out of the request metrics (route config metrics: false)')
})

t.test('READY_REQUIRES=all-directories, or a directory\'s id, makes that directory\'s outage take the node out', async (t) => {
  const directories = [fakeDirectory('aten', async () => true), fakeDirectory('arena', async () => false)]
  const all = await testApp(t, { env: { READY_REQUIRES: 'redis,all-directories' }, directories })
  t.match((await all.app.inject('/ready')).json(), { status: 'unavailable', unmet: ['all-directories'] })
  const arena = await testApp(t, { env: { READY_REQUIRES: 'arena' }, directories })
  t.equal((await arena.app.inject('/ready')).statusCode, 503)
  const aten = await testApp(t, { env: { READY_REQUIRES: 'aten' }, directories })
  t.equal((await aten.app.inject('/ready')).statusCode, 200)
})

t.test('READY_REQUIRES is checked at start: a bad word, or an id that is no directory, stops with one line', async (t) => {
  const { loadEnv } = await import('../../src/config/loadEnv.js')
  const { checkReadyRequires } = await import('../../src/config/checkReadyRequires.js')
  t.throws(() => loadEnv({ READY_REQUIRES: 'redis,Tout' }), { message: /^READY_REQUIRES: "Tout" inconnu/ })
  t.same(loadEnv({}).readyRequires, ['redis', 'any-directory'])
  t.throws(() => { checkReadyRequires(['redis', 'arena'], [fakeDirectory('aten', async () => true)]) }, { name: 'ConfigError', message: /^READY_REQUIRES: "arena" n'est ni redis.*\(aten\)$/ })
  t.doesNotThrow(() => { checkReadyRequires(['redis', 'all-directories', 'aten'], [fakeDirectory('aten', async () => true)]) })
})

t.test('Redis down makes the node unready under the default rule, and a rule without redis ignores it', async (t) => {
  const { checkReadiness } = await import('../../src/health/checkReadiness.js')
  const redisDown = { ping: async () => { throw new Error('Connection is closed.') } } as unknown as Parameters<typeof checkReadiness>[0]
  const dirs = [fakeDirectory('aten', async () => true)]
  t.match(await checkReadiness(redisDown, dirs, 200), { ready: false, unmet: ['redis'], checks: { redis: { up: false, error: /closed/ } } })
  t.match(await checkReadiness(redisDown, dirs, 200, ['any-directory']), { ready: true, checks: { redis: { up: false } } })
  t.match(await checkReadiness(undefined, dirs, 200), { ready: true }, 'embedded mode: no Redis to wait for')
})

t.test('a directory that never answers makes /ready answer 503 within the check timeout', async (t) => {
  const { checkReadiness } = await import('../../src/health/checkReadiness.js')
  const started = Date.now()
  const result = await checkReadiness(undefined, [fakeDirectory('hangs', async () => await new Promise<boolean>(() => {}))], 200)
  t.ok(Date.now() - started < 1000)
  t.match(result, { ready: false, checks: { 'directory:hangs': { up: false, error: /200 ms/ } } })
})

t.test('/metrics counts sign-ins by directory and result, validations by endpoint and result, and times routes', async (t) => {
  const { app } = await testApp(t)
  const b = new Browser(app)
  await b.signIn(`?service=${enc(PRONOTE_ELEVE)}`, 'lea.dupont', 'wrong')
  const st = ticketOf(await b.signIn(`?service=${enc(PRONOTE_ELEVE)}`, 'lea.dupont', DEMO_PASSWORD)) as string
  await app.inject(`/serviceValidate?service=${enc(PRONOTE_ELEVE)}&ticket=${st}`)
  await app.inject(`/p3/serviceValidate?service=${enc(PRONOTE_ELEVE)}&ticket=${st}`)
  await b.get('/logout')
  const res = await app.inject('/metrics')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/plain; version=0\.0\.4/)
  const text = res.body
  t.match(text, /^sesame_sign_ins_total\{directory="demo",result="failure"\} 1$/m)
  t.match(text, /^sesame_sign_ins_total\{directory="demo",result="success"\} 1$/m)
  t.match(text, /^sesame_validations_total\{endpoint="\/serviceValidate",result="success"\} 1$/m)
  t.match(text, /^sesame_validations_total\{endpoint="\/p3\/serviceValidate",result="INVALID_TICKET"\} 1$/m)
  t.match(text, /^sesame_service_tickets_issued_total\{via="form"\} 1$/m)
  t.match(text, /^sesame_logouts_total 1$/m)
  t.match(text, /^sesame_http_request_duration_seconds_count\{method="POST",route="\/login",status_code="302"\} 1$/m)
  t.match(text, /^sesame_http_request_duration_seconds_count\{method="GET",route="\/p3\/serviceValidate",status_code="200"\} 1$/m)
  t.notOk(text.includes(st), 'no ticket (nor any raw URL) in the labels')
})

t.test('each app has its own metrics: two apps in one process count apart', async (t) => {
  const one = await testApp(t)
  const two = await testApp(t)
  await new Browser(one.app).signIn('', 'lea.dupont', DEMO_PASSWORD)
  t.match((await one.app.inject('/metrics')).body, /sesame_sign_ins_total\{directory="demo",result="success"\} 1/)
  t.notMatch((await two.app.inject('/metrics')).body, /sesame_sign_ins_total\{/)
})

t.test('a failing ticket store is counted by operation, and the sign-in answers 503 when Redis cannot answer', async (t) => {
  const { app, ctx } = await testApp(t)
  const { MaxRetriesPerRequestError } = await import('ioredis/built/errors/index.js')
  const unreachable = new MaxRetriesPerRequestError(1)
  ctx.tickets.claimOnce = async () => { throw unreachable }
  const res = await new Browser(app).signIn('', 'lea.dupont', DEMO_PASSWORD)
  t.equal(res.statusCode, 503)
  t.match(res.body, /service d&#39;authentification est momentanément indisponible|service d'authentification est momentanément indisponible/)
  t.equal(res.headers['retry-after'], '10')
  const text = (await app.inject('/metrics')).body
  t.match(text, /^sesame_ticket_store_errors_total\{operation="claimOnce"\} 1$/m)
  t.match(text, /^sesame_unavailable_responses_total 1$/m)
})

t.test('only errors that mean "Redis cannot answer now" are taken for an outage, told by ioredis\'s error classes and Redis\'s reply codes', async (t) => {
  const { isRedisUnavailable } = await import('../../src/health/isRedisUnavailable.js')
  const { ReplyError } = await import('ioredis')
  const { MaxRetriesPerRequestError } = await import('ioredis/built/errors/index.js')
  const reply = (message: string): Error => new ReplyError(message) as Error
  t.ok(isRedisUnavailable(new MaxRetriesPerRequestError(1)))
  t.ok(isRedisUnavailable(new Error('Command timed out')), 'ioredis\'s command timeout, a plain Error')
  t.ok(isRedisUnavailable(new Error('Connection is closed.')))
  t.ok(isRedisUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' })))
  t.ok(isRedisUnavailable(reply('CLUSTERDOWN The cluster is down')))
  t.ok(isRedisUnavailable(reply('LOADING Redis is loading the dataset in memory')))
  t.ok(isRedisUnavailable(reply('OOM command not allowed when used memory > \'maxmemory\'.')))
  t.ok(isRedisUnavailable(reply('MISCONF Redis is configured to save RDB snapshots, but it\'s currently unable to persist to disk.')))
  t.notOk(isRedisUnavailable(reply('ERR wrong number of arguments for \'get\' command')))
  t.notOk(isRedisUnavailable(reply('WRONGPASS invalid username-password pair or user is disabled.')), 'a wrong password is a setting, not an outage')
  t.notOk(isRedisUnavailable(Object.assign(new Error('CLUSTERDOWN The cluster is down'), { name: 'ReplyError' })), 'a reply code counts only on a real ReplyError')
  t.notOk(isRedisUnavailable(new TypeError('Command timed out')), 'a message counts only on ioredis\'s plain Error')
  t.notOk(isRedisUnavailable(new TypeError('Cannot read properties of undefined')))
  t.notOk(isRedisUnavailable('Command timed out'))
})
