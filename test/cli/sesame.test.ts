import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import t from 'tap'
import { freePort } from '../../scripts/testServices/freePort.mjs'
import { verifyPassword } from '../../src/directory/password.js'
import { FileLinkStore } from '../../src/pronote/FileLinkStore.js'
import { lines, sesame } from './sesameProcess.js'

const root = mkdtempSync(join(tmpdir(), 'sesame-cli-'))
t.teardown(() => { rmSync(root, { recursive: true, force: true }) })
let n = 0
/** A fresh working directory. */
const freshDir = (): string => { const d = join(root, `run${n++}`); mkdirSync(d); return d }

t.test('sesame --help and each command\'s --help print French usage and exit 0', async (t) => {
  const cwd = freshDir()
  const cases: Array<[string[], RegExp]> = [
    [['--help'], /^Usage : sesame <commande> \[options\](.|\n)*import(.|\n)*links(.|\n)*hash-password(.|\n)*Codes de sortie/],
    [['links', '--help'], /sesame links list --uai UAI \[--json\](.|\n)*sesame links restore --file FICHIER \[--uai UAI\]/],
    [['links', 'restore', '--help'], /sesame links export --out FICHIER/],
    [['import', '--help'], /--mode full\|partial/],
    [['hash-password', '--help'], /empreinte scrypt/]
  ]
  // Together: each start is slow on a busy machine, and these runs change nothing.
  const runs = await Promise.all(cases.map(async ([args]) => await sesame(args, { cwd })))
  cases.forEach(([args, usage], i) => {
    t.equal(runs[i]!.code, 0, args.join(' '))
    t.match(runs[i]!.out, usage, args.join(' '))
  })
})

t.test('a wrong command line is one French line on stderr and exit code 2', async (t) => {
  const cwd = freshDir()
  const cases: Array<[string[], RegExp]> = [
    [[], /^Usage : sesame/],
    [['lnks'], /^Erreur : commande « lnks » inconnue : import, links ou hash-password \(sesame --help pour l'aide\)\n$/],
    [['links'], /^Erreur : sous-commande manquante/],
    [['links', 'remove'], /sous-commande « remove » inconnue/],
    [['links', 'list'], /option --uai manquante/],
    [['links', 'list', '--uai', '034'], /UAI « 034 » invalide/],
    [['links', 'list', '--uai', '0340000X', '--all'], /option inconnue --all/],
    [['links', 'link', '--uai', '0340000X', '--idpn', 'A1', '--uid', 'u1', '--category', '5'], /catégorie « 5 » invalide/],
    [['links', 'link', '--uai', '0340000X', '--idpn', 'A 1', '--uid', 'u1', '--category', '1'], /IDPN « A 1 » invalide/],
    [['links', 'export'], /option --out manquante/],
    [['links', 'restore', '--file', join(cwd, 'absent.json')], /sauvegarde illisible : .*absent\.json \(ENOENT\)/],
    [['import', '--uai', '0340000X'], /option --file manquante/],
    [['hash-password', 'extra'], /argument inattendu : extra/]
  ]
  const runs = await Promise.all(cases.map(async ([args]) => await sesame(args, { cwd, env: { DATA_DIR: join(cwd, 'data') } })))
  for (const [i, [args, message]] of cases.entries()) {
    const r = runs[i]!
    t.equal(r.code, 2, args.join(' '))
    const err = args.length === 0 ? r.out : r.err
    t.match(err, message, args.join(' '))
    if (args.length > 0) t.equal(lines(r.err).length, 1, `one line: ${r.err}`)
  }
})

t.test('a bad setting is one line naming the variable, exit code 2', async (t) => {
  const r = await sesame(['links', 'list', '--uai', '0340000X'], { cwd: freshDir(), env: { REDIS_URL: 'http://x' } })
  t.equal(r.code, 2)
  t.same(lines(r.err), ['Configuration invalide : REDIS_URL: le schéma doit être redis:// ou rediss:// (reçu http:)'])
})

t.test('settings come from a .env file in the working directory; the environment wins over it', async (t) => {
  const cwd = freshDir()
  writeFileSync(join(cwd, '.env'), `# réglages\nDATA_DIR="${join(cwd, 'from-dotenv')}"\nSERVICES_FILE=absent.json\n`)
  const fromFile = await sesame(['links', 'list', '--uai', '0340000X'], { cwd })
  t.equal(fromFile.code, 0)
  t.equal(lines(fromFile.err)[0], `liens enregistrés dans ${join(cwd, 'from-dotenv', 'pronote-links.json')}`)
  const overridden = await sesame(['links', 'list', '--uai', '0340000X'], { cwd, env: { DATA_DIR: join(cwd, 'from-env') } })
  t.equal(lines(overridden.err)[0], `liens enregistrés dans ${join(cwd, 'from-env', 'pronote-links.json')}`)
  const csv = await sesame(['links', 'csv', '--uai', '0340000X'], { cwd })
  t.same(lines(csv.err), ['Configuration invalide : SERVICES_FILE: absent.json illisible (ENOENT)'], 'every setting of the file is read')
})

t.test('an unreadable .env is one line and exit code 2', async (t) => {
  const cwd = freshDir()
  mkdirSync(join(cwd, '.env'))
  const r = await sesame(['links', 'list', '--uai', '0340000X'], { cwd })
  t.equal(r.code, 2)
  t.same(lines(r.err), [`Configuration invalide : .env : ${join(cwd, '.env')} illisible (EISDIR)`])
})

t.test('an unreachable Redis is one French line, without the password, and exit code 1', async (t) => {
  const port = await freePort() // nobody listens there
  const r = await sesame(['links', 'list', '--uai', '0340000X'], { cwd: freshDir(), env: { REDIS_URL: `redis://:motdepasse@127.0.0.1:${port}` } })
  t.equal(r.code, 1)
  t.same(lines(r.err), [`Erreur : Redis redis://:***@127.0.0.1:${port} injoignable : connect ECONNREFUSED 127.0.0.1:${port}`])
  t.equal(r.out, '')
})

t.test('a damaged or unreadable links file is one line and exit code 1, and is left as it was', async (t) => {
  const cwd = freshDir()
  const data = join(cwd, 'data')
  mkdirSync(data)
  writeFileSync(join(data, 'pronote-links.json'), '{"links": [')
  const damaged = await sesame(['links', 'unlink', '--uai', '0340000X', '--idpn', 'A1'], { cwd, env: { DATA_DIR: data } })
  t.equal(damaged.code, 1)
  t.match(lines(damaged.err), [/^Erreur : .*pronote-links\.json : fichier de liens PRONOTE illisible/])
  t.equal(lines(damaged.err).length, 1)
  t.equal(readFileSync(join(data, 'pronote-links.json'), 'utf8'), '{"links": [')
  if (process.getuid?.() === 0) return // root reads any file: the permission case cannot happen
  chmodSync(join(data, 'pronote-links.json'), 0o000)
  const denied = await sesame(['links', 'list', '--uai', '0340000X'], { cwd, env: { DATA_DIR: data } })
  t.equal(denied.code, 1)
  t.same(lines(denied.err), [`Erreur : liens illisibles : ${join(data, 'pronote-links.json')} (EACCES)`])
})

t.test('sesame import passes its arguments to the import command unchanged', async (t) => {
  const cwd = freshDir()
  const data = join(cwd, 'data')
  const directoriesFile = join(cwd, 'directories.json')
  writeFileSync(directoriesFile, JSON.stringify([{ id: 'demo', label: 'Démo', kind: 'file', path: resolve('test/fixtures/pronote/sample-directory.json') }]))
  // The import reads the registry too: an establishment with a service is a known one.
  const env = { DATA_DIR: data, DIRECTORIES_FILE: directoriesFile, SERVICES_FILE: resolve('config/services.json') }
  const r = await sesame(['import', '--file', resolve('test/fixtures/pronote/IdPN_sample.xml'), '--uai', '0340000X', '--mode', 'full'], { cwd, env })
  t.equal(r.code, 0, r.err)
  t.equal(lines(r.err)[0], `liens enregistrés dans ${join(data, 'pronote-links.json')}`, 'says where it writes first')
  t.match(r.out, /Import PRONOTE complet — établissement 0340000X/)
  t.equal((await (await FileLinkStore.open(data)).listEstablishment('0340000X')).length, 5)
  const usage = await sesame(['import', '--file', 'x.xml', '--uai', '0340000X', '--mode', 'all'], { cwd, env })
  t.equal(usage.code, 2)
  t.match(usage.err, /mode « all » inconnu/)
})

t.test('sesame hash-password prints a hash that verifies the password read from standard input', async (t) => {
  const r = await sesame(['hash-password'], { cwd: freshDir(), input: 'mot de passe é\n' })
  t.equal(r.code, 0)
  t.ok(await verifyPassword('mot de passe é', r.out.trim()))
  const empty = await sesame(['hash-password'], { cwd: freshDir(), input: '\n' })
  t.equal(empty.code, 2)
  t.equal(empty.err, 'hash-password: mot de passe vide\n')
})

t.test('the package and the image name the same executable: dist/cli/sesame.js, with a node shebang', async (t) => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string>, scripts: Record<string, string> }
  t.same(pkg.bin, { sesame: 'dist/cli/sesame.js' })
  t.match(readFileSync(pkg.bin.sesame!, 'utf8'), /^#!\/usr\/bin\/env node\n/)
  t.match(pkg.scripts.build, /chmodSync\('dist\/cli\/sesame\.js', 0o755\)/, 'npm run build leaves it executable')
  t.ok(statSync('src/cli/sesame.ts').isFile())
  const runtime = readFileSync('Dockerfile', 'utf8').split(/^FROM /m).pop() ?? ''
  t.match(runtime, /COPY --from=build \/app\/dist \.\/dist/, 'the image holds the build')
  t.match(runtime, /RUN ln -s \/app\/dist\/cli\/sesame\.js \/usr\/local\/bin\/sesame/, 'and puts sesame on PATH')
  t.match(pkg.scripts.import, /node dist\/cli\/sesame\.js import$/, 'npm run import is sesame import')
  t.match(pkg.scripts['hash-password'], /node dist\/cli\/sesame\.js hash-password$/)
})
