import t from 'tap'
import { loadEnv } from '../../src/config/loadEnv.js'
import { ConfigError } from '../../src/errors/ConfigError.js'
import { makeTestCa } from '../helpers/testCa.js'

const base = { CAS_SECRET: 'a-test-secret-of-at-least-32-characters!' }

t.test('proxy and single logout settings have documented defaults', async (t) => {
  const c = loadEnv(base)
  t.equal(c.pgtTtlSeconds, 7200)
  t.equal(c.proxyCa, undefined)
  t.equal(c.proxyCallbackTimeoutMs, 5000)
  t.equal(c.sloTimeoutMs, 5000)
})

t.test('PROXY_CA_FILE is read at start-up', async (t) => {
  const ca = await makeTestCa(t)
  const c = loadEnv({ ...base, PROXY_CA_FILE: ca.caFile })
  t.equal(c.proxyCaFile, ca.caFile)
  t.match(c.proxyCa, /-----BEGIN CERTIFICATE-----/)
})

t.test('a bad value stops the start with one line naming the variable', async (t) => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ PGT_TTL_SECONDS: 'deux heures' }, /^PGT_TTL_SECONDS: /],
    [{ PGT_TTL_SECONDS: '5' }, /^PGT_TTL_SECONDS: /],
    [{ PROXY_CA_FILE: '/nonexistent/ca.pem' }, /^PROXY_CA_FILE: \/nonexistent\/ca\.pem illisible \(ENOENT\)$/],
    [{ PROXY_CA_FILE: 'package.json' }, /^PROXY_CA_FILE: package\.json ne contient aucun certificat PEM$/],
    [{ PROXY_CALLBACK_TIMEOUT_MS: '-1' }, /^PROXY_CALLBACK_TIMEOUT_MS: /],
    [{ SLO_TIMEOUT_MS: '999999' }, /^SLO_TIMEOUT_MS: /]
  ]
  for (const [env, message] of cases) {
    let caught: unknown
    try { loadEnv({ ...base, ...env }) } catch (err) { caught = err }
    t.ok(caught instanceof ConfigError, Object.keys(env)[0])
    t.match((caught as Error).message, message)
    t.notMatch((caught as Error).message, /\n/)
  }
})
