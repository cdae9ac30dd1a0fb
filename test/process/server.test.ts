import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { freePort } from '../../scripts/testServices/freePort.mjs'
import { runServer, waitForOutput } from '../helpers/runServer.js'

t.test('a bad setting stops the start with one line naming it and a non-zero exit', async (t) => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'abc' }, /^sesame: PORT: .*\n$/],
    [{ SERVICES_FILE: '/nonexistent/services.json' }, /^sesame: SERVICES_FILE: \/nonexistent\/services\.json illisible \(ENOENT\)\n$/],
    [{ DIRECTORIES_FILE: '/nonexistent/d.json' }, /^sesame: DIRECTORIES_FILE: .*\n$/],
    [{ NODE_ENV: 'production' }, /^sesame: CAS_SECRET: .*\n$/]
  ]
  for (const [env, line] of cases) {
    const p = runServer(env)
    t.not(await p.exited, 0, JSON.stringify(env))
    t.match(p.output(), line)
  }
})

t.test('a port already taken stops the start with one line naming HOST and PORT, no stack trace', async (t) => {
  const { createServer } = await import('node:net')
  const port = await freePort()
  const taken = createServer().listen(port, '127.0.0.1')
  await new Promise((resolve) => taken.once('listening', resolve))
  t.teardown(() => { taken.close() })
  const p = runServer({ PORT: String(port), HOST: '127.0.0.1' })
  t.equal(await p.exited, 2)
  t.match(p.output(), new RegExp(`^sesame: HOST=127\\.0\\.0\\.1 PORT=${port}: impossible d'écouter \\(port déjà utilisé, EADDRINUSE\\)$`, 'm'))
  t.notMatch(p.output(), /^\s+at /m, 'no stack trace')
})

t.test('an invalid registry entry stops the start naming the entry', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sesame-'))
  const file = join(dir, 'services.json')
  await writeFile(file, JSON.stringify([{ id: 'x', name: 'X', serviceId: 'https://a/**', access: ['profs'] }]))
  const p = runServer({ SERVICES_FILE: file })
  t.equal(await p.exited, 2)
  t.match(p.output(), /^sesame: .*services\.json\[0\]\.access\[0\] \(id "x"\): valeur "profs" inconnue.*\n$/)
})

t.test('SIGHUP reloads the registry; a broken file keeps the previous one and logs why', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sesame-'))
  const file = join(dir, 'services.json')
  await copyFile('config/services.json', file)
  const port = await freePort()
  const p = runServer({ SERVICES_FILE: file, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}` })
  t.teardown(() => { p.child.kill('SIGKILL') })
  await waitForOutput(p, /Sésame is ready/)
  const status = async (service: string): Promise<number> => (await fetch(`http://127.0.0.1:${port}/login?service=${encodeURIComponent(service)}`)).status
  t.equal(await status('https://new.example.fr/app'), 403, 'unknown before the reload')

  const services = JSON.parse(await readFile(file, 'utf8')) as unknown[]
  await writeFile(file, JSON.stringify([...services, { id: 'new', name: 'Nouveau', serviceId: 'https://new.example.fr/**' }]))
  p.child.kill('SIGHUP')
  await waitForOutput(p, /service registry reloaded/)
  t.equal(await status('https://new.example.fr/app'), 200, 'registered after the reload')

  await writeFile(file, '[{ broken')
  p.child.kill('SIGHUP')
  await waitForOutput(p, /service registry NOT reloaded/)
  t.match(p.output(), /JSON invalide/)
  t.equal(await status('https://new.example.fr/app'), 200, 'the previous registry is kept')
})

t.test('SIGTERM closes gracefully with exit code 0', async (t) => {
  const port = await freePort()
  const p = runServer({ PORT: String(port), HOST: '127.0.0.1' })
  await waitForOutput(p, /Sésame is ready/)
  p.child.kill('SIGTERM')
  t.equal(await p.exited, 0)
})

t.test('an uncaught exception or unhandled rejection closes like SIGTERM: one JSON line at level fatal, the close, exit 1, no raw stack', async (t) => {
  const fault = fileURLToPath(new URL('./fixtures/faultOnSigwinch.mjs', import.meta.url))
  for (const kind of ['uncaught', 'rejection']) {
    const port = await freePort()
    const p = runServer({ PORT: String(port), HOST: '127.0.0.1', NODE_OPTIONS: `--import ${fault}`, SESAME_TEST_FAULT: kind })
    t.teardown(() => { p.child.kill('SIGKILL') })
    await waitForOutput(p, /Sésame is ready/)
    p.child.kill('SIGWINCH')
    t.equal(await p.exited, 1, kind)
    const lines = p.output().trim().split('\n')
    t.same(lines.filter((l) => !l.startsWith('{')), [], `${kind}: every line is JSON`)
    t.match(p.output(), new RegExp(`"level":60,.*"message":"injected ${kind === 'uncaught' ? 'uncaught exception' : 'unhandled rejection'}".*"msg":"uncaught error: closing"`), kind)
    t.match(p.output(), /closed: requests finished, Redis and directories closed/, `${kind}: closed as on SIGTERM`)
  }
})

t.test('an https start on the shipped demo files is refused in one French line (exit 2); SESAME_DEMO=1 starts it', async (t) => {
  const refused = runServer({ PUBLIC_URL: 'https://cas.example.fr', CAS_SECRET: 'a-test-secret-of-at-least-32-characters!', PORT: String(await freePort()), HOST: '127.0.0.1' })
  t.equal(await refused.exited, 2)
  t.match(refused.output(), /^sesame: PUBLIC_URL en https sur du matériel de démonstration : annuaire "demo" = comptes de démonstration .*SESAME_DEMO=1[^\n]*\n$/)

  const port = await freePort()
  const demo = runServer({ PUBLIC_URL: 'https://cas.example.fr', SESAME_DEMO: '1', CAS_SECRET: 'a-test-secret-of-at-least-32-characters!', PORT: String(port), HOST: '127.0.0.1' })
  t.teardown(() => { demo.child.kill('SIGKILL') })
  await waitForOutput(demo, /Sésame is ready/)
  t.pass('started with SESAME_DEMO=1')
})

t.test('SIGHUP also reloads file directories; a broken users file keeps the previous users and logs why', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sesame-'))
  const users = join(dir, 'users.json')
  const directories = join(dir, 'directories.json')
  const demo = JSON.parse(await readFile('config/demo-users.json', 'utf8')) as Array<Record<string, unknown>>
  const lea = demo.find((u) => u.login === 'lea.dupont') as Record<string, unknown>
  await writeFile(users, JSON.stringify([lea]))
  await writeFile(directories, JSON.stringify([{ id: 'local', label: 'Comptes locaux', kind: 'file', path: users }]))
  const port = await freePort()
  const p = runServer({ DIRECTORIES_FILE: directories, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}` })
  t.teardown(() => { p.child.kill('SIGKILL') })
  await waitForOutput(p, /Sésame is ready/)
  t.match(p.output(), new RegExp(`"pid":${p.child.pid ?? 0}[,}].*Sésame is ready`), 'the ready line names the node process\'s pid, the one to signal')
  t.match(p.output(), /"event":"startup\.directory","directory":"local","state":"up"/, 'each directory\'s state is logged at start')

  const signIn = async (login: string): Promise<number> => {
    const form = await fetch(`http://127.0.0.1:${port}/login`)
    const page = await form.text()
    const execution = /name="execution" value="([^"]+)"/.exec(page)?.[1] ?? ''
    // The form is bound to the pre-login cookie it set, as a browser sends it back.
    const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
    const res = await fetch(`http://127.0.0.1:${port}/login`, { method: 'POST', redirect: 'manual', headers: { cookie }, body: new URLSearchParams({ username: login, password: 'demo', execution, directory: 'local' }) })
    return res.status
  }
  t.equal(await signIn('marc.dupont'), 401, 'not in the file yet')
  await writeFile(users, JSON.stringify([lea, demo.find((u) => u.login === 'marc.dupont')]))
  p.child.kill('SIGHUP')
  await waitForOutput(p, /file directory reloaded/)
  t.match(p.output(), /"directory":"local","users":2/)
  t.equal(await signIn('marc.dupont'), 200, 'added by the reload')

  await writeFile(users, '[\n  { "login": "x", }\n]')
  p.child.kill('SIGHUP')
  await waitForOutput(p, /file directory NOT reloaded/)
  t.match(p.output(), /JSON invalide ligne 2, colonne 19/, 'the log says why, with the line and column')
  t.equal(await signIn('marc.dupont'), 200, 'the previous users are kept')
})

t.test('Redis unreachable at start: one JSON line says so, the node starts unready, and no ioredis stack is printed', async (t) => {
  const port = await freePort()
  const p = runServer({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}` })
  t.teardown(() => { p.child.kill('SIGKILL') })
  await waitForOutput(p, /Sésame is ready/)
  t.match(p.output(), /^\{.*"event":"startup\.redis","kind":"url","state":"down".*\}$/m)
  const ready = await fetch(`http://127.0.0.1:${port}/ready`)
  t.equal(ready.status, 503)
  t.match(await ready.json(), { unmet: ['redis'], checks: { redis: { up: false } } })
  await new Promise((resolve) => setTimeout(resolve, 1500))
  t.notMatch(p.output(), /Unhandled error event|^\s+at /m, 'no ioredis stack, however many reconnection attempts')
  t.ok(p.output().split('\n').filter((l) => l !== '').every((l) => l.startsWith('{')), 'every line is JSON')
})
