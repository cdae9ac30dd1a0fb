import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Test } from 'tap'
import type { LinkStore } from '../../src/pronote/LinkStore.js'
import { link } from '../pronote/linkStoreContract.js'
import { lines, type SesameRun, sesame } from './sesameProcess.js'

/** Where a scenario's links live: the settings that select it, and a way to read and wipe it. */
export interface Backend {
  /** The first line the command prints: "liens enregistrés dans <place>". */
  place: (cwd: string) => string
  env: (cwd: string) => Record<string, string>
  /** The same store, opened in this process, to check what the command did. */
  open: (cwd: string) => Promise<LinkStore>
  wipe: (cwd: string) => Promise<void>
}

export const seed = {
  format: 'sesame-pronote-links-backup',
  version: 1,
  exportedAt: '2026-09-01T10:00:00.000Z',
  establishments: [
    { uai: '0340000X', links: [link('A1', 'lea.dupont'), { ...link('B2', 'jb.nguyen', 2), source: 'manual' as const, linkedAt: '2026-10-02T08:00:00.000Z' }, link('C3', 'u3', 3)] },
    { uai: '0750001A', links: [link('Z9', 'u9', 4, '0750001A')] }
  ]
}

const byIdpn = <T extends { idpn: string }>(links: T[]): T[] => [...links].sort((a, b) => a.idpn < b.idpn ? -1 : 1)

/**
 * Every `sesame links` subcommand, run as a process against one backend. The command is slow to
 * start on a busy machine, so the state is checked in-process and independent runs go together.
 */
export function linksScenario (t: Test, backend: Backend): void {
  const cwd = mkdtempSync(join(tmpdir(), 'sesame-cli-links-'))
  const directoriesFile = join(cwd, 'directories.json')
  writeFileSync(directoriesFile, JSON.stringify([{ id: 'demo', label: 'Démo', kind: 'file', path: resolve('test/fixtures/pronote/sample-directory.json') }]))
  const env = { ...backend.env(cwd), DIRECTORIES_FILE: directoriesFile, SERVICES_FILE: resolve('config/services.json') }
  const run = async (...args: string[]): Promise<SesameRun> => await sesame(args, { cwd, env })
  const listed = async (uai: string): Promise<unknown[]> => {
    const store = await backend.open(cwd)
    try { return byIdpn(await store.listEstablishment(uai)) } finally { await store.close() }
  }
  const placeLine = `liens enregistrés dans ${backend.place(cwd)}`
  // Assertions go to the subtest that runs them.
  const tools = (t: Test): { ok: (args: string[], out?: RegExp) => Promise<SesameRun>, refused: (args: string[], code: number, message: RegExp) => Promise<void> } => ({
    /** Succeeds, and says where the links are first. */
    ok: async (args, out) => {
      const r = await run(...args)
      t.equal(r.code, 0, `${args.join(' ')}: ${r.err}`)
      t.equal(lines(r.err)[0], placeLine, `${args[1] ?? ''} says where the links are first`)
      if (out !== undefined) t.match(r.out, out, args.join(' '))
      return r
    },
    /** Fails with one line (besides where the links are) and this exit code. */
    refused: async (args, code, message) => {
      const r = await run(...args)
      t.equal(r.code, code, args.join(' '))
      const said = lines(r.err).filter((l) => l !== placeLine)
      t.equal(said.length, 1, `one line: ${r.err}`)
      t.match(said[0], message, args.join(' '))
    }
  })

  t.before(async () => { await backend.wipe(cwd) })
  t.teardown(() => { rmSync(cwd, { recursive: true, force: true }) })

  t.test('list, link, unlink and csv', async (t) => {
    const { ok, refused } = tools(t)
    // IDPNs as PRONOTE gives them: links made by hand take that shape only (linkByHand).
    const A = 'A8BT6EGHDW3QFPXC'
    const B = 'Q7MZK2RT9PLX4WNB'
    const C = 'H3JD8SKW2MCV6TQE'
    await ok(['links', 'list', '--uai', '0340000X'], /^0340000X : 0 lien\n$/)
    await ok(['links', 'link', '--uai', '0340000x', '--idpn', A, '--uid', 'lea.dupont', '--category', '1'], new RegExp(`^lien enregistré : ${A} → lea\\.dupont \\(élève\\) dans 0340000X\n$`))
    t.match(await listed('0340000X'), [{ uai: '0340000X', idpn: A, uid: 'lea.dupont', category: 1, source: 'manual' }])
    // The manual-link rules (linkByHand), each refusal one line: one identifier per person and
    // category, the person must exist, the category must be hers, the IDPN must look like PRONOTE's.
    await Promise.all([
      ok(['links', 'list', '--uai', '0340000X'], new RegExp(`^0340000X : 1 lien\nIDPN\\s+uid\\s+catégorie\\s+source\\s+date\n${A}\\s+lea\\.dupont\\s+élève\\s+manuel\\s+\\d{4}-`)),
      refused(['links', 'link', '--uai', '0340000X', '--idpn', B, '--uid', 'lea.dupont', '--category', '1'], 1, new RegExp(`^Erreur : refusé : lea\\.dupont a déjà l'identifiant ${A} dans cette catégorie`)),
      refused(['links', 'link', '--uai', '0340000X', '--idpn', B, '--uid', 'personne', '--category', '1'], 1, /^Erreur : refusé : Aucune personne « personne »/),
      refused(['links', 'link', '--uai', '0340000X', '--idpn', B, '--uid', 'jb.nguyen', '--category', '3'], 1, /^Erreur : refusé : jb\.nguyen n'est pas/),
      refused(['links', 'link', '--uai', '0340000X', '--idpn', 'x', '--uid', 'jb.nguyen', '--category', '1'], 1, /^Erreur : refusé : IDPN « x » refusé/)
    ])
    t.same((await listed('0340000X')).map((l) => (l as { idpn: string }).idpn), [A], 'a refused link changes nothing')
    await refused(['links', 'link', '--uai', '0340000X', '--idpn', A, '--uid', 'jb.nguyen', '--category', '1'], 1, new RegExp(`^Erreur : refusé : L'IDPN ${A} est déjà lié à lea\\.dupont`))
    await ok(['links', 'link', '--uai', '0340000X', '--idpn', B, '--uid', 'jb.nguyen', '--category', '1'])
    await ok(['links', 'unlink', '--uai', '0340000X', '--idpn', B])
    await ok(['links', 'link', '--uai', '0340000X', '--idpn', A, '--uid', 'jb.nguyen', '--category', '1', '--move'], new RegExp(`${A} → jb\\.nguyen`))
    t.match(await listed('0340000X'), [{ idpn: A, uid: 'jb.nguyen' }], '--move takes the IDPN from the person who held it')
    t.equal((await listed('0340000X')).length, 1)
    await ok(['links', 'link', '--uai', '0340000X', '--idpn', C, '--uid', 'lea.dupont', '--category', '1'])

    const file = join(cwd, 'liens.csv')
    const [csv, written] = await Promise.all([
      ok(['links', 'csv', '--uai', '0340000X']),
      ok(['links', 'csv', '--uai', '0340000X', '--out', file]),
      refused(['links', 'csv', '--uai', '0340000X', '--out', join(cwd, 'absent', 'x.csv')], 2, /^Erreur : impossible d'écrire .*x\.csv \(ENOENT\)$/)
    ])
    t.equal(csv.out, `IDPN;Identifiant CAS\r\n${A};jb.nguyen\r\n${C};lea.dupont\r\n`)
    t.equal(lines(csv.err)[1], '2 lignes de liens (plus l\'en-tête) écrites sur la sortie standard')
    t.equal(readFileSync(file, 'utf8'), csv.out)
    t.equal(lines(written.err)[1], `2 lignes de liens (plus l'en-tête) écrites dans ${file}`)

    await ok(['links', 'unlink', '--uai', '0340000X', '--idpn', C], new RegExp(`^lien supprimé : ${C} dans 0340000X\n$`))
    await refused(['links', 'unlink', '--uai', '0340000X', '--idpn', C], 1, new RegExp(`^Erreur : aucun lien pour l'IDPN ${C} dans l'établissement 0340000X$`))
    t.match(await listed('0340000X'), [{ idpn: A }])
  })

  t.test('export, wipe, restore gives back exactly the same links', async (t) => {
    const { ok } = tools(t)
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
    const { ok, refused } = tools(t)
    const backup = join(cwd, 'one.json')
    writeFileSync(backup, JSON.stringify({ ...seed, establishments: [{ uai: '0340000X', links: [link('N1', 'u1')] }, { uai: '0750001A', links: [] }] }))
    await Promise.all([
      ok(['links', 'restore', '--file', backup, '--uai', '0340000X'], /^1 lien de 1 établissement restauré depuis /),
      refused(['links', 'restore', '--file', backup, '--uai', '0130002B'], 2, /ne contient pas l'établissement 0130002B$/)
    ])
    t.same(await listed('0340000X'), [link('N1', 'u1')])
    t.same(await listed('0750001A'), seed.establishments[1]!.links, 'the other establishment of the file is untouched')
    const partial = join(cwd, 'partial.json')
    writeFileSync(partial, JSON.stringify({ ...seed, establishments: [{ uai: '0340000X', links: [link('A1', 'lea.dupont')] }] }))
    const r = await ok(['links', 'restore', '--file', partial])
    t.equal(lines(r.out)[1], 'absents de la sauvegarde, laissés tels quels : 0750001A')
  })

  t.test('a malformed backup is refused with one line naming the problem, and nothing changes', async (t) => {
    const { refused } = tools(t)
    await backend.wipe(cwd)
    const store = await backend.open(cwd)
    for (const e of seed.establishments) await store.replaceEstablishment(e.uai, e.links)
    await store.close()
    const good = seed.establishments[0]!
    // Both problems sit after a valid establishment: the whole file is checked before anything is written.
    const cases: Array<[unknown, RegExp]> = [
      [{ ...seed, establishments: [{ ...good, links: [] }, { uai: '075', links: [] }] }, /établissement n° 2 : UAI "075" invalide/],
      [{ ...seed, establishments: [{ ...good, links: [] }, { uai: '0750001A', links: [link('Z9', 'u9', 1, '0750001A'), link('Z9', 'u8', 1, '0750001A')] }] }, /établissement n° 2 \(0750001A\), lien n° 2 : IDPN Z9 en double/]
    ]
    await Promise.all(cases.map(async ([content, message], i) => {
      const file = join(cwd, `bad${i}.json`)
      writeFileSync(file, JSON.stringify(content))
      await refused(['links', 'restore', '--file', file], 2, new RegExp(`^Erreur : sauvegarde refusée, rien n'a changé : .*bad${i}\\.json : ${message.source}`))
    }))
    t.same(await listed('0340000X'), good.links, 'the links are as they were')
    t.same(await listed('0750001A'), seed.establishments[1]!.links)
  })
}

