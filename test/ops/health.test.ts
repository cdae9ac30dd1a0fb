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

t.test('/ready is 503, naming the backend, when a directory is down, fails or hangs', async (t) => {
  const { app } = await testApp(t, {
    directories: [
      fakeDirectory('up', async () => true),
      fakeDirectory('down', async () => false),
      fakeDirectory('broken', async () => { throw new Error('ECONNREFUSED 10.0.0.1:389') })
    ]
  })
  const res = await app.inject('/ready')
  t.equal(res.statusCode, 503)
  const body = res.json() as { status: string, checks: Record<string, { up: boolean, error?: string }> }
  t.equal(body.status, 'unavailable')
  t.equal(body.checks['directory:up']?.up, true)
  t.equal(body.checks['directory:down']?.up, false)
  t.match(body.checks['directory:broken'], { up: false, error: /ECONNREFUSED/ })
  t.match((await app.inject('/metrics')).body, /^sesame_unavailable_responses_total 0$/m, "/ready's own 503 is not counted as a request turned away")
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
  const unreachable = Object.assign(new Error('Reached the max retries per request limit (which is 1).'), { name: 'MaxRetriesPerRequestError' })
  ctx.tickets.claimOnce = async () => { throw unreachable }
  const res = await new Browser(app).signIn('', 'lea.dupont', DEMO_PASSWORD)
  t.equal(res.statusCode, 503)
  t.match(res.body, /service d&#39;authentification est momentanément indisponible|service d'authentification est momentanément indisponible/)
  t.equal(res.headers['retry-after'], '10')
  const text = (await app.inject('/metrics')).body
  t.match(text, /^sesame_ticket_store_errors_total\{operation="claimOnce"\} 1$/m)
  t.match(text, /^sesame_unavailable_responses_total 1$/m)
})

t.test('only errors that mean "Redis cannot answer now" are taken for an outage', async (t) => {
  const { isRedisUnavailable } = await import('../../src/health/isRedisUnavailable.js')
  const named = (name: string, message: string): Error => Object.assign(new Error(message), { name })
  t.ok(isRedisUnavailable(named('MaxRetriesPerRequestError', 'Reached the max retries per request limit (which is 1). Refer to "maxRetriesPerRequest" option for details.')))
  t.ok(isRedisUnavailable(new Error('Command timed out')))
  t.ok(isRedisUnavailable(new Error('Connection is closed.')))
  t.ok(isRedisUnavailable(named('ClusterAllFailedError', 'Failed to refresh slots cache.')))
  t.ok(isRedisUnavailable(named('ReplyError', 'CLUSTERDOWN The cluster is down')))
  t.ok(isRedisUnavailable(named('ReplyError', 'LOADING Redis is loading the dataset in memory')))
  t.ok(isRedisUnavailable(named('ReplyError', 'OOM command not allowed when used memory > \'maxmemory\'.')))
  t.ok(isRedisUnavailable(named('ReplyError', 'MISCONF Redis is configured to save RDB snapshots, but it\'s currently unable to persist to disk.')))
  t.notOk(isRedisUnavailable(named('ReplyError', 'ERR wrong number of arguments for \'get\' command')))
  t.notOk(isRedisUnavailable(new TypeError('Cannot read properties of undefined')))
  t.notOk(isRedisUnavailable('Command timed out'))
})
