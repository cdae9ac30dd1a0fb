import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Redis } from 'ioredis'
import t, { type Test } from 'tap'
import type { PronoteLink } from '../../src/pronote/LinkStore.js'
import { testRedisUrl } from '../helpers/testServers.js'
import { link } from '../pronote/linkStoreContract.js'
import { lines, type SesameRun, sesame } from './sesameProcess.js'

const root = mkdtempSync(join(tmpdir(), 'sesame-cli-links-'))
t.teardown(() => { rmSync(root, { recursive: true, force: true }) })
const directoriesFile = join(root, 'directories.json')
writeFileSync(directoriesFile, JSON.stringify([{ id: 'demo', label: 'Démo', kind: 'file', path: resolve('test/fixtures/pronote/sample-directory.json') }]))

// A database of its own on the test run's Redis, emptied here without touching other tests' keys.
const redisUrl = `${testRedisUrl()}/5`
const admin = new Redis(redisUrl)
t.teardown(async () => { await admin.quit() })

interface Backend { name: string, place: (cwd: string) => string, env: (cwd: string) => Record<string, string>, wipe: (cwd: string) => Promise<void> }
const backends: Backend[] = [
  {
    name: 'file store (DATA_DIR)',
    place: (cwd) => join(cwd, 'data', 'pronote-links.json'),
    env: (cwd) => ({ DATA_DIR: join(cwd, 'data') }),
    wipe: async (cwd) => { rmSync(join(cwd, 'data'), { recursive: true, force: true }) }
  },
  {
    name: 'Redis store (REDIS_URL)',
    place: () => `Redis ${redisUrl}`,
    env: () => ({ REDIS_URL: redisUrl }),
    wipe: async () => { await admin.flushdb() }
  }
]

const seed = {
  format: 'sesame-pronote-links-backup',
  version: 1,
  exportedAt: '2026-09-01T10:00:00.000Z',
  establishments: [
    { uai: '0340000X', links: [link('A1', 'lea.dupont'), { ...link('B2', 'jb.nguyen', 2), source: 'manual', linkedAt: '2026-10-02T08:00:00.000Z' }, link('C3', 'u3', 3)] },
    { uai: '0750001A', links: [link('Z9', 'u9', 4, '0750001A')] }
  ]
}

function scenario (t: Test, backend: Backend): void {
  const cwd = join(root, backend.name.split(' ')[0]!)
  mkdirSync(cwd)
  const env = { ...backend.env(cwd), DIRECTORIES_FILE: directoriesFile, SERVICES_FILE: resolve('config/services.json') }
  const run = async (...args: string[]): Promise<SesameRun> => await sesame(args, { cwd, env })
  const listed = async (uai: string): Promise<PronoteLink[]> => {
    const r = await run('links', 'list', '--uai', uai, '--json')
    t.equal(r.code, 0, r.err)
    return JSON.parse(r.out) as PronoteLink[]
  }
  /** Succeeds, says where the links are first, and answers these stdout lines. */
  const ok = async (args: string[], out?: RegExp): Promise<SesameRun> => {
    const r = await run(...args)
    t.equal(r.code, 0, `${args.join(' ')}: ${r.err}`)
    t.equal(lines(r.err)[0], `liens enregistrés dans ${backend.place(cwd)}`, `${args[1] ?? ''} says where the links are first`)
    if (out !== undefined) t.match(r.out, out, args.join(' '))
    return r
  }
  /** Fails with one line and this exit code. */
  const refused = async (args: string[], code: number, message: RegExp): Promise<void> => {
    const r = await run(...args)
    t.equal(r.code, code, args.join(' '))
    t.match(r.err.split('\n').filter((l) => l !== '' && !l.startsWith('liens enregistrés')), [message], args.join(' '))
    t.equal(lines(r.err).filter((l) => !l.startsWith('liens enregistrés')).length, 1, `one line: ${r.err}`)
  }

  t.before(async () => { await backend.wipe(cwd) })

  t.test('list, link, unlink and csv', async (t) => {
    await ok(['links', 'list', '--uai', '0340000X'], /^0340000X : 0 lien\n$/)
    await ok(['links', 'link', '--uai', '0340000x', '--idpn', 'A1', '--uid', 'lea.dupont', '--category', '1'], /^lien enregistré : A1 → lea\.dupont \(élève\) dans 0340000X\n$/)
    t.match(await listed('0340000X'), [{ uai: '0340000X', idpn: 'A1', uid: 'lea.dupont', category: 1, source: 'manual' }])
    const table = await ok(['links', 'list', '--uai', '0340000X'])
    t.match(table.out, /^0340000X : 1 lien\nIDPN\s+uid\s+catégorie\s+source\s+date\nA1\s+lea\.dupont\s+élève\s+manuel\s+\d{4}-/)

    // The manual-link rules (linkByHand): one identifier per person and category; the person must exist.
    await refused(['links', 'link', '--uai', '0340000X', '--idpn', 'B2', '--uid', 'lea.dupont', '--category', '1'], 1, /^Erreur : refusé : lea\.dupont a déjà l'identifiant A1 dans cette catégorie/)
    await refused(['links', 'link', '--uai', '0340000X', '--idpn', 'B2', '--uid', 'personne', '--category', '1'], 1, /^Erreur : refusé : Aucune personne « personne »/)
    t.same((await listed('0340000X')).map((l) => l.idpn), ['A1'], 'a refused link changes nothing')
    await ok(['links', 'link', '--uai', '0340000X', '--idpn', 'B2', '--uid', 'lea.dupont', '--category', '1', '--move'], /B2 → lea\.dupont/)
    t.same((await listed('0340000X')).map((l) => l.idpn), ['B2'], '--move replaces the identifier the person held')
    await ok(['links', 'link', '--uai', '0340000X', '--idpn', 'C3', '--uid', 'jb.nguyen', '--category', '1'])

    const csv = await ok(['links', 'csv', '--uai', '0340000X'])
    t.equal(csv.out, 'IDPN;Identifiant CAS\r\nB2;lea.dupont\r\nC3;jb.nguyen\r\n')
    t.equal(lines(csv.err)[1], '2 lignes de liens (plus l\'en-tête) écrites sur la sortie standard')
    const file = join(cwd, 'liens.csv')
    const written = await ok(['links', 'csv', '--uai', '0340000X', '--out', file])
    t.equal(readFileSync(file, 'utf8'), csv.out)
    t.equal(lines(written.err)[1], `2 lignes de liens (plus l'en-tête) écrites dans ${file}`)
    await refused(['links', 'csv', '--uai', '0340000X', '--out', join(cwd, 'absent', 'x.csv')], 2, /^Erreur : impossible d'écrire .*x\.csv \(ENOENT\)$/)

    await ok(['links', 'unlink', '--uai', '0340000X', '--idpn', 'C3'], /^lien supprimé : C3 dans 0340000X\n$/)
    await refused(['links', 'unlink', '--uai', '0340000X', '--idpn', 'C3'], 1, /^Erreur : aucun lien pour l'IDPN C3 dans l'établissement 0340000X$/)
    t.same((await listed('0340000X')).map((l) => l.idpn), ['B2'])
  })

  t.test('export, wipe, restore gives back exactly the same links', async (t) => {
    const seedFile = join(cwd, 'seed.json')
    writeFileSync(seedFile, JSON.stringify(seed))
    await ok(['links', 'restore', '--file', seedFile], /^4 liens de 2 établissements restaurés depuis /)
    const backup = join(cwd, 'backup.json')
    await ok(['links', 'export', '--out', backup], /^4 liens de 2 établissements sauvegardés dans .*backup\.json\n$/)
    const exported = JSON.parse(readFileSync(backup, 'utf8')) as typeof seed
    t.same(exported.establishments, seed.establishments, 'the export holds every establishment\'s links, sorted')
    t.match(exported, { format: 'sesame-pronote-links-backup', version: 1, exportedAt: /^\d{4}-\d\d-\d\dT/ })

    await backend.wipe(cwd)
    t.same(await listed('0340000X'), [], 'wiped')
    await ok(['links', 'restore', '--file', backup], /^4 liens de 2 établissements restaurés/)
    t.same(await listed('0340000X'), seed.establishments[0]!.links)
    t.same(await listed('0750001A'), seed.establishments[1]!.links)
    const again = join(cwd, 'again.json')
    await ok(['links', 'export', '--out', again])
    t.same((JSON.parse(readFileSync(again, 'utf8')) as typeof seed).establishments, exported.establishments)
  })

  t.test('restore --uai restores that establishment only; others are left as they are and named', async (t) => {
    const backup = join(cwd, 'one.json')
    writeFileSync(backup, JSON.stringify({ ...seed, establishments: [{ uai: '0340000X', links: [link('N1', 'u1')] }, { uai: '0750001A', links: [] }] }))
    await ok(['links', 'restore', '--file', backup, '--uai', '0340000X'], /^1 lien de 1 établissement restauré depuis /)
    t.same(await listed('0340000X'), [link('N1', 'u1')])
    t.same(await listed('0750001A'), seed.establishments[1]!.links, 'the other establishment of the file is untouched')
    await refused(['links', 'restore', '--file', backup, '--uai', '0130002B'], 2, /ne contient pas l'établissement 0130002B$/)
    writeFileSync(backup, JSON.stringify({ ...seed, establishments: [{ uai: '0340000X', links: [link('A1', 'lea.dupont')] }] }))
    const r = await ok(['links', 'restore', '--file', backup])
    t.equal(lines(r.out)[1], 'absents de la sauvegarde, laissés tels quels : 0750001A')
  })

  t.test('a malformed backup is refused with one line naming the problem, and nothing changes', async (t) => {
    const seedFile = join(cwd, 'seed.json')
    await ok(['links', 'restore', '--file', seedFile])
    const before = join(cwd, 'before.json')
    await ok(['links', 'export', '--out', before])
    const good = seed.establishments[0]!
    const cases: Array<[unknown, RegExp]> = [
      ['{"format": "sesame-pronote-links-backup", "version": 1, "establishments": [', /JSON illisible/],
      [{ ...seed, format: 'autre' }, /champ "format" : « sesame-pronote-links-backup » attendu/],
      [{ ...seed, version: 2 }, /version 2 non prise en charge \(1 attendue\)/],
      [{ ...seed, establishments: {} }, /champ "establishments" : tableau attendu/],
      // Every problem below sits after a valid establishment: the whole file is checked first.
      [{ ...seed, establishments: [good, { uai: '075', links: [] }] }, /établissement n° 2 : UAI "075" invalide/],
      [{ ...seed, establishments: [good, good] }, /établissement n° 2 : 0340000X figure deux fois/],
      [{ ...seed, establishments: [good, { uai: '0750001A', links: [{ ...link('Z9', 'u9', 4, '0750001A'), category: 7 }] }] }, /établissement n° 2 \(0750001A\), lien n° 1 : champ manquant ou invalide/],
      [{ ...seed, establishments: [good, { uai: '0750001A', links: [link('Z9', 'u9')] }] }, /lien de l'établissement 0340000X rangé sous 0750001A/],
      [{ ...seed, establishments: [good, { uai: '0750001A', links: [link('Z9', 'u9', 1, '0750001A'), link('Z9', 'u8', 1, '0750001A')] }] }, /lien n° 2 : IDPN Z9 en double/],
      [{ ...seed, establishments: [good, { uai: '0750001A', links: [link('Z 9', 'u9', 1, '0750001A')] }] }, /IDPN « Z 9 » invalide/]
    ]
    for (const [content, message] of cases) {
      const file = join(cwd, 'bad.json')
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content))
      const r = await run('links', 'restore', '--file', file)
      t.equal(r.code, 2, String(message))
      t.equal(lines(r.err).length, 1, `one line: ${r.err}`)
      t.match(r.err, /^Erreur : sauvegarde refusée, rien n'a changé : .*bad\.json : /)
      t.match(r.err, message)
    }
    const after = join(cwd, 'after.json')
    await ok(['links', 'export', '--out', after])
    t.same(JSON.parse(readFileSync(after, 'utf8')).establishments, JSON.parse(readFileSync(before, 'utf8')).establishments, 'the links are as they were')
  })
}

for (const backend of backends) t.test(backend.name, async (t) => { scenario(t, backend) })
