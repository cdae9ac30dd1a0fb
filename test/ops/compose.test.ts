import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import t from 'tap'
import { parse } from 'yaml'
import { ensurePackages } from '../../scripts/testServices/ensurePackages.mjs'

// Fails loudly (never skips) when docker-compose is missing and cannot be installed. No Docker
// engine is needed: `docker-compose config` only reads, checks and resolves the file (env_file,
// ${VAR:-default}, relative paths), and prints the result as YAML.
ensurePackages([['/usr/bin/docker-compose', 'docker-compose']])

interface ComposeService {
  build?: { context: string, dockerfile?: string }
  command?: string | string[]
  entrypoint?: string | string[]
  environment?: Record<string, string | null> | string[]
  volumes?: Array<string | { target?: string }>
}

function compose (...args: string[]): { status: number | null, stdout: string, stderr: string } {
  // Only PATH and HOME: COMPOSE_FILE, COMPOSE_PROJECT_NAME or a CAS_SECRET of the caller's shell
  // must not change what is checked.
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root' }
  const r = spawnSync('docker-compose', ['--file', 'docker-compose.yml', ...args], { encoding: 'utf8', env })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

const words = (v: string | string[] | undefined): string[] | undefined => typeof v === 'string' ? v.trim().split(/\s+/) : v

const resolved = compose('config')
const services = (resolved.status === 0 ? (parse(resolved.stdout) as { services: Record<string, ComposeService> }).services : {})
const sesame = services.sesame ?? {}
const redis = services.redis ?? {}

t.test('docker-compose.yml is a valid compose file (docker-compose config -q)', async (t) => {
  const check = compose('config', '-q')
  t.equal(check.status, 0, check.stderr.trim())
  t.equal(resolved.status, 0, resolved.stderr.trim())
  t.ok(services.sesame !== undefined && services.redis !== undefined, 'it has the services sesame and redis')
})

t.test('the sesame container runs the image\'s CMD, node dist/server.js: the entry point that npm start and the process tests (test/helpers/runServer.ts) run', async (t) => {
  const dockerfile = readFileSync('Dockerfile', 'utf8')
  const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '))
  const cmdLine = [...finalStage.matchAll(/^CMD\s+(.+)$/gm)].pop()?.[1]
  t.ok(cmdLine !== undefined, 'the runtime stage of the Dockerfile has a CMD')
  const cmd = JSON.parse(cmdLine ?? 'null') as unknown
  t.same(cmd, ['node', 'dist/server.js'], 'in exec form, so that SIGTERM reaches node itself')
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }
  t.equal(pkg.scripts.start, 'node dist/server.js', 'npm start runs the same')

  t.equal(resolve(sesame.build?.context ?? ''), resolve('.'), 'the image is built from the repository root…')
  t.equal(sesame.build?.dockerfile ?? 'Dockerfile', 'Dockerfile', '…with that Dockerfile')
  t.ok(sesame.command === undefined || JSON.stringify(words(sesame.command)) === JSON.stringify(cmd), `compose keeps the image's command (command: ${JSON.stringify(sesame.command)})`)
  t.equal(sesame.entrypoint, undefined, 'and its entry point')
})

t.test('Redis keeps an append-only file (appendonly yes, appendfsync everysec) on a volume: PRONOTE links are durable', async (t) => {
  const args = words(redis.command) ?? []
  const option = (name: string): string | undefined => args[args.indexOf(`--${name}`) + 1]
  t.equal(args.includes('--appendonly') ? option('appendonly') : undefined, 'yes', `appendonly yes (command: ${JSON.stringify(args)})`)
  t.equal(args.includes('--appendfsync') ? option('appendfsync') : undefined, 'everysec', 'appendfsync everysec')
  const targets = (redis.volumes ?? []).map((v) => typeof v === 'string' ? v.split(':')[1] : v.target)
  t.ok(targets.includes('/data'), `Redis's /data is a volume (volumes: ${JSON.stringify(redis.volumes)})`)
})

t.test('every variable of the sesame service\'s environment is documented in .env.example', async (t) => {
  const documented = new Set([...readFileSync('.env.example', 'utf8').matchAll(/^#?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]))
  const env = sesame.environment ?? {}
  const names = Array.isArray(env) ? env.map((e) => e.split('=')[0] as string) : Object.keys(env)
  t.ok(names.includes('REDIS_URL') && names.includes('CAS_SECRET'), 'the environment was read')
  t.same(names.filter((n) => !documented.has(n)), [], 'none missing from .env.example')
})

t.test('the demo runs in production mode on demo material only because SESAME_DEMO is 1, and mounts the encrypted PRONOTE export, its partner key and ADMINS_FILE', async (t) => {
  const env = sesame.environment ?? {}
  const get = (name: string): string | null | undefined => Array.isArray(env)
    ? env.find((e) => e.startsWith(`${name}=`))?.slice(name.length + 1)
    : env[name]
  t.equal(get('NODE_ENV'), 'production')
  t.equal(get('SESAME_DEMO'), '1', 'SESAME_DEMO=1: a demonstration, said out loud')
  t.equal(get('PRONOTE_PARTNER_NAME'), 'SESAME-DEMO', 'the partner name the demo export is encrypted for')

  // Each file the container is told about must come from a bind mount of the repository.
  const mounts = (sesame.volumes ?? []).flatMap((v) => typeof v === 'string'
    ? [{ source: v.split(':')[0] ?? '', target: v.split(':')[1] ?? '' }]
    : [{ source: (v as { source?: string }).source ?? '', target: v.target ?? '' }])
  const hostPathOf = (containerPath: string): string | undefined => {
    const m = mounts.find((x) => containerPath.startsWith(`${x.target}/`))
    return m === undefined ? undefined : resolve(m.source, containerPath.slice(m.target.length + 1))
  }
  const keyFile = get('PRONOTE_PARTNER_KEY_FILE') ?? ''
  t.equal(hostPathOf(keyFile), resolve('config/demo/pronote-partenaire-demo.key.pem'), `the partner key (${keyFile}) is mounted from config/demo/`)
  t.equal(hostPathOf('/app/config/demo/IdPN_To_KOSMOS_0340000X.xml'), resolve('config/demo/IdPN_To_KOSMOS_0340000X.xml'), 'the encrypted demo export is mounted where the guide\'s import command reads it')

  const adminsFile = get('ADMINS_FILE') ?? ''
  const adminsHost = hostPathOf(adminsFile)
  t.equal(adminsHost, resolve('docker/sesame/admins.json'), `ADMINS_FILE (${adminsFile}) is docker/sesame/admins.json, mounted`)
  const admins = JSON.parse(readFileSync(adminsHost ?? 'docker/sesame/admins.json', 'utf8')) as unknown
  t.same(admins, [{ uid: 'prof.durand', establishments: ['0340000X'] }], 'prof.durand administers 0340000X')
})

t.test('the demo application stands for the PRONOTE of 0340000X: its service has that uai and the pronote release, so pronoteId reaches it', async (t) => {
  const services = JSON.parse(readFileSync('docker/sesame/services.json', 'utf8')) as Array<Record<string, unknown>>
  const demoApp = services.find((s) => s.id === 'demo-app')
  t.match(demoApp, { serviceId: 'http://localhost:3000/**', uai: '0340000X', attributeRelease: 'pronote', pronoteIdAttribute: 'pronoteId' })
})
