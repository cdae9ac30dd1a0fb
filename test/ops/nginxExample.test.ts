import { spawn, spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:https'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { ensurePackages } from '../../scripts/testServices/ensurePackages.mjs'
import { freePort, waitForPort } from '../../scripts/testServices/freePort.mjs'
import { runServer, waitForOutput } from '../helpers/runServer.js'
import { makeTestCa } from '../helpers/testCa.js'

// docs/examples/nginx-sesame.conf is the reverse proxy docs/deployment.md tells an académie to
// use. This test runs that very file: only what cannot exist on a test machine is substituted
// (certificate paths, public ports, node addresses, log folder), never a directive.
ensurePackages([['/usr/sbin/nginx', 'nginx']])

const EXAMPLE = 'docs/examples/nginx-sesame.conf'

interface Setup { dir: string, main: string, httpPort: number, httpsPort: number, sesamePort: number, caFile: string }

async function prepare (t: Test): Promise<Setup> {
  const dir = await mkdtemp(join(tmpdir(), 'sesame-nginx-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const ca = await makeTestCa(t)
  await writeFile(join(dir, 'cert.pem'), ca.server.cert)
  await writeFile(join(dir, 'cert.key'), ca.server.key, { mode: 0o600 })
  const [httpPort, httpsPort, sesamePort] = [await freePort(), await freePort(), await freePort()]
  const example = await readFile(EXAMPLE, 'utf8')
  const site = example
    .replace('/etc/ssl/sesame/cas.ac-x.fr.fullchain.pem', join(dir, 'cert.pem'))
    .replace('/etc/ssl/sesame/cas.ac-x.fr.key', join(dir, 'cert.key'))
    .replaceAll('/var/log/nginx/', `${dir}/`)
    .replace(/listen \[::\]:\d+( ssl)?;\n/g, '')
    .replace('listen 80;', `listen 127.0.0.1:${httpPort};`)
    .replace('listen 443 ssl;', `listen 127.0.0.1:${httpsPort} ssl;`)
    .replace(/10\.20\.0\.1[12]:8080/g, `127.0.0.1:${sesamePort}`)
  await writeFile(join(dir, 'sesame.conf'), site)
  // The main file a Debian nginx has around conf.d/, with every path inside the temp folder.
  const main = join(dir, 'nginx.conf')
  await writeFile(main, [
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    'worker_processes 1;',
    'events { worker_connections 64; }',
    'http {',
    `  access_log ${dir}/access.log;`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `  ${k}_temp_path ${dir}/${k}_temp;`),
    `  include ${join(dir, 'sesame.conf')};`,
    '}',
    ''
  ].join('\n'))
  return { dir, main, httpPort, httpsPort, sesamePort, caFile: ca.caFile }
}

interface Answer { status: number, headers: Record<string, unknown>, body: string }

/** A GET through nginx over https, from a chosen loopback address, trusting the test CA only. */
async function httpsGet (s: Setup, path: string, localAddress: string, headers: Record<string, string> = {}): Promise<Answer> {
  const ca = await readFile(s.caFile)
  return await new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: s.httpsPort, path, ca, servername: 'localhost', localAddress, headers: { host: 'localhost', ...headers } }, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => { body += c.toString() })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

async function httpGet (port: number, path: string): Promise<Answer> {
  return await new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host: 'localhost' } }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' }))
    })
    req.on('error', reject)
    req.end()
  })
}

t.test('the example nginx configuration passes nginx -t with test certificates', async (t) => {
  const s = await prepare(t)
  const check = spawnSync('nginx', ['-t', '-p', s.dir, '-c', s.main], { encoding: 'utf8' })
  t.equal(check.status, 0, check.stderr.trim())
  t.match(check.stderr, /syntax is ok/)
})

t.test('through the example nginx: TLS ends at nginx, /metrics and /ready stay private, and with TRUST_PROXY set to the proxy address the audit log shows the client address, not one it claims', async (t) => {
  const s = await prepare(t)
  const sesame = runServer({
    HOST: '127.0.0.1',
    PORT: String(s.sesamePort),
    PUBLIC_URL: `https://localhost:${s.httpsPort}`,
    // The proxy's address, as docs/deployment.md says (Fastify ignores a hop count: it fails closed).
    TRUST_PROXY: '127.0.0.1',
    CAS_SECRET: 'nginx-example-test-secret-0123456789abcdef',
    // https on the bundled demo accounts and services: allowed for a demonstration only.
    SESAME_DEMO: '1',
    LOG_LEVEL: 'info'
  })
  t.teardown(() => { sesame.child.kill('SIGTERM') })
  await waitForOutput(sesame, /Sésame is ready/)

  const nginx = spawn('nginx', ['-p', s.dir, '-c', s.main, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] })
  let nginxErr = ''
  nginx.stderr.on('data', (c: Buffer) => { nginxErr += c.toString() })
  t.teardown(() => { nginx.kill('SIGQUIT') })
  await waitForPort(s.httpsPort)

  const health = await httpsGet(s, '/health', '127.0.0.1')
  t.equal(health.status, 200, `GET /health through nginx over TLS (${nginxErr})`)
  t.match(health.headers['strict-transport-security'], /max-age=/, 'Sésame adds HSTS: PUBLIC_URL is https')

  t.equal((await httpsGet(s, '/metrics', '127.0.0.1')).status, 403, '/metrics is not served through the proxy')
  t.equal((await httpsGet(s, '/ready', '127.0.0.1')).status, 403, '/ready is not served through the proxy')
  t.equal((await httpGet(s.sesamePort, '/metrics')).status, 200, 'but the node itself still serves /metrics to the monitoring network')

  const redirect = await httpGet(s.httpPort, '/login')
  t.equal(redirect.status, 301, 'plain http is redirected')
  t.match(String(redirect.headers.location), /^https:\/\/localhost/, 'to https')

  // The client connects from 127.0.0.2 and claims 198.51.100.7: nginx replaces the header with the
  // address it saw, and Sésame, trusting nginx's address only, logs that address.
  const refused = await httpsGet(s, '/serviceValidate?service=https%3A%2F%2Fapp.example%2F&ticket=ST-nginxexample', '127.0.0.2', { 'x-forwarded-for': '198.51.100.7' })
  t.match(refused.body, /INVALID_TICKET/)
  await waitForOutput(sesame, /"audit":"ticket\.refused"/)
  const line = sesame.output().split('\n').find((l) => l.includes('"audit":"ticket.refused"')) ?? ''
  t.equal((JSON.parse(line) as { ip?: string }).ip, '127.0.0.2', `the audit event carries the client's address (${line})`)
  t.notMatch(sesame.output(), /198\.51\.100\.7/, 'the address the client claimed appears nowhere')
})
