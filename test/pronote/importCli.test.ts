import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import t from 'tap'
import { type ImportCliDeps, main } from '../../src/cli/importMain.js'
import { loadDirectories } from '../../src/config/loadDirectories.js'
import { createLinkStore } from '../../src/pronote/createLinkStore.js'
import { FileLinkStore } from '../../src/pronote/FileLinkStore.js'
import { fixture } from '../fixtures/pronote/memoryDirectory.js'
import { link } from './linkStoreContract.js'

const dir = mkdtempSync(join(tmpdir(), 'sesame-import-cli-'))
t.teardown(() => { rmSync(dir, { recursive: true, force: true }) })
const directoriesFile = join(dir, 'directories.json')
writeFileSync(directoriesFile, JSON.stringify([{ id: 'demo', label: 'Démo', kind: 'file', path: resolve(fixture('sample-directory.json')) }]))
const SAMPLE = fixture('IdPN_sample.xml')

/** Runs the command as `npm run import` would, with the real link store and directories. */
async function cli (argv: string[], env: Record<string, string> = {}, isTTY = false): Promise<{ code: number, out: string, err: string }> {
  let out = ''
  let err = ''
  const deps: ImportCliDeps = {
    env: { DATA_DIR: join(dir, 'data'), DIRECTORIES_FILE: directoriesFile, ...env },
    stdout: { write: (s: string) => { out += s } },
    stderr: { write: (s: string) => { err += s }, isTTY },
    loadDirectories: async (config) => await loadDirectories(config, {}),
    createLinkStore: async (config) => await createLinkStore(config)
  }
  return { code: await main(argv, deps), out, err }
}
const links = async (): Promise<unknown[]> => await (await FileLinkStore.open(join(dir, 'data'))).listEstablishment('0340000X')

t.test('a full import writes the links to DATA_DIR and prints the French report and the steps', async (t) => {
  const { code, out, err } = await cli(['--file', SAMPLE, '--uai', '0340000x', '--mode', 'full'])
  t.equal(code, 0)
  t.match(out, /Import PRONOTE complet — établissement 0340000X \(LYCEE JOFFRE\)/)
  t.match(out, /élèves\s+4\s+2\s+0\s+2\s+0\s+0/)
  t.match(out, /Entrées ambiguës.*\n.*H3JD8SKW2MCV6TQE\s+MARTIN Hugo/)
  t.match(err, /Étape 1\/6 : Lecture et contrôle du fichier\n(.|\n)*Étape 6\/6 : Bilan et enregistrement\n/, 'plain step lines when stderr is no terminal')
  t.equal((await links()).length, 5)
})

t.test('--json prints the report as JSON; a terminal gets a progress bar', async (t) => {
  const { code, out, err } = await cli(['--file', SAMPLE, '--uai', '0340000X', '--mode', 'partial', '--dry-run', '--json'], {}, true)
  t.equal(code, 0)
  t.match(JSON.parse(out), { uai: '0340000X', mode: 'partial', dryRun: true, committed: false, counts: { pupil: { skipped: 1 } } })
  t.match(err, /\r\[█+░*\] 6\/6 Bilan et enregistrement/)
})

t.test('--export-csv writes IDPN;Identifiant CAS rows', async (t) => {
  const store = await FileLinkStore.open(join(dir, 'data'))
  await store.replaceEstablishment('0340000X', [link('B2', 'u2'), link('A1', 'u1')])
  const { code, out, err } = await cli(['--export-csv', '--uai', '0340000X'])
  t.equal(code, 0)
  t.equal(out, 'IDPN;Identifiant CAS\r\nA1;u1\r\nB2;u2\r\n')
  t.equal(err, '2 ligne(s) de liens (plus l\'en-tête) écrite(s) sur la sortie standard pour la colonne « Identifiant CAS » de PRONOTE.\n')
  const toFile = await cli(['--export-csv', '--uai', '0340000X', '--out', join(dir, 'out.csv')])
  t.equal(toFile.code, 0)
  t.match(toFile.err, `2 ligne(s) de liens (plus l'en-tête) écrite(s) dans ${join(dir, 'out.csv')}`, 'says how many lines and where')
  t.equal(readFileSync(join(dir, 'out.csv'), 'utf8'), out)
})

t.test('bad input: one French line on stderr, exit code 2, nothing changed', async (t) => {
  const store = await FileLinkStore.open(join(dir, 'data'))
  await store.replaceEstablishment('0340000X', [link('KEEP', 'u1')])
  const big = join(dir, 'big.xml')
  writeFileSync(big, readFileSync(SAMPLE))
  const cases: Array<[string[], Record<string, string>, RegExp]> = [
    [['--uai', '0340000X', '--mode', 'full'], {}, /option --file manquante/],
    [['--file', SAMPLE, '--mode', 'full'], {}, /option --uai manquante/],
    [['--file', SAMPLE, '--uai', '0340000X'], {}, /option --mode manquante/],
    [['--file', SAMPLE, '--uai', '0340000X', '--mode', 'all'], {}, /mode « all » inconnu/],
    [['--file', SAMPLE, '--uai', '0340000X', '--mode', 'full', '--forced'], {}, /option inconnue --forced/],
    [['--file', SAMPLE, '--uai', '0340000X', '--mode', 'partial', '--force'], {}, /--force ne s'emploie qu'avec --mode full/],
    [['--undo', '--history', '--uai', '0340000X'], {}, /--undo et --history ne vont pas ensemble/],
    [['--undo', '--uai', '0340000X', '--file', SAMPLE], {}, /--file ne s'emploie qu'avec un import/],
    [['--history', '--uai', '0340000X', '--by', 'moi'], {}, /--by ne s'emploie qu'avec un import ou --undo/],
    [['--file', SAMPLE, '--uai', '0340000X', '--mode', 'full', '--by', ' '], {}, /--by vide/],
    [['--file', SAMPLE, '--uai', '0340000X', '--mode', 'full', '--by'], {}, /--by attend une valeur/],
    [['--export-csv', '--uai', '0340000X', '--json'], {}, /--json ne s'emploie qu'avec/],
    [['--uai', '0340000X', '--mode', 'full', '--file', SAMPLE, '--out', 'x.csv'], {}, /--out ne s'emploie qu'avec --export-csv/],
    [['--undo', '--uai', '0999999Z'], {}, /Rien à faire : aucun import à annuler pour l'établissement 0999999Z/],
    [['--file', SAMPLE.replace('IdPN_sample', 'lowercase-children'), '--uai', '0340000X', '--mode', 'full'], { SERVICES_FILE: join(dir, 'none.json') }, /SERVICES_FILE/],
    [['--file', SAMPLE, '--uai', '034', '--mode', 'full'], {}, /UAI « 034 » invalide/],
    [['--file', join(dir, 'none.xml'), '--uai', '0340000X', '--mode', 'full'], {}, /fichier illisible : .*none\.xml \(ENOENT\)/],
    [['--file', fixture('malformed.xml'), '--uai', '0340000X', '--mode', 'full'], {}, /Import refusé : ligne 4 : XML mal formé/],
    [['--file', fixture('xxe.xml'), '--uai', '0340000X', '--mode', 'full'], {}, /DOCTYPE refusée/],
    [['--file', SAMPLE, '--uai', '0750001A', '--mode', 'full'], {}, /établissement 0340000X, pas de 0750001A/],
    [['--file', big, '--uai', '0340000X', '--mode', 'full'], { IMPORT_MAX_BYTES: '1000' }, /trop volumineux/],
    [['--file', big, '--uai', '0340000X', '--mode', 'full'], { IMPORT_MAX_BYTES: 'lots' }, /IMPORT_MAX_BYTES/]
  ]
  for (const [argv, env, message] of cases) {
    const { code, out, err } = await cli(argv, env)
    t.equal(code, 2, argv.join(' '))
    t.match(err, message)
    const lines = err.trim().split('\n').filter((l) => !l.startsWith('Étape ')) // the progress display aside
    t.equal(lines.length, 1, `one line: ${lines.join(' | ')}`)
    t.equal(out, '')
  }
  t.same((await links()), [link('KEEP', 'u1')])
})

t.test('an internal failure exits with code 1', async (t) => {
  let err = ''
  const code = await main(['--file', SAMPLE, '--uai', '0340000X', '--mode', 'full'], {
    env: { DATA_DIR: join(dir, 'data') },
    stdout: { write: () => {} },
    stderr: { write: (s: string) => { err += s } },
    loadDirectories: async () => { throw new Error('LDAP injoignable') },
    createLinkStore: async (config) => await createLinkStore(config)
  })
  t.equal(code, 1)
  t.match(err, /Erreur interne : LDAP injoignable/)
})

t.test('--help prints the usage', async (t) => {
  const { code, out } = await cli(['--help'])
  t.equal(code, 0)
  t.match(out, /--mode full\|partial/)
})

t.test('a full import that would remove too many links exits 3 with the list and writes nothing; --force goes ahead and --by is recorded', async (t) => {
  const store = await FileLinkStore.open(join(dir, 'data'))
  const seven = ['A8BT6EGHDW3QFPXC', 'G1', 'G2', 'G3', 'G4', 'G5', 'G6'].map((idpn, i) => link(idpn, i === 0 ? 'lea.dupont' : `left${i}`))
  await store.replaceEstablishment('0340000X', seven)
  const small = join(dir, 'small.xml')
  writeFileSync(small, '<IdentifiantsPRONOTE UAI="0340000X"><Eleve IDPN="A8BT6EGHDW3QFPXC" Nom="DUPONT" Prenom="Léa" DateNaissance="12/03/2010"/></IdentifiantsPRONOTE>')
  const stopped = await cli(['--file', small, '--uai', '0340000X', '--mode', 'full'])
  t.equal(stopped.code, 3)
  t.match(stopped.err, /Import arrêté : l'import supprimerait 6 lien\(s\) sur 7 .*--force/)
  t.match(stopped.out, /Liens supprimés \(seraient\) \(6\) :\n  - G1  left1, élève, lié par import/)
  t.match(stopped.out, /--mode full --force/, 'the next step is the command with --force')
  t.equal((await links()).length, 7, 'nothing written')
  const json = await cli(['--file', small, '--uai', '0340000X', '--mode', 'full', '--json'])
  t.match(JSON.parse(json.out), { written: false, removalLimit: { exceeded: true }, changes: { totals: { removed: 6 } } })
  const forced = await cli(['--file', small, '--uai', '0340000X', '--mode', 'full', '--force', '--by', 'mme.proviseure'])
  t.equal(forced.code, 0, forced.err)
  t.equal((await links()).length, 1)

  const history = await cli(['--history', '--uai', '0340000X'])
  t.match(history.out, /1\. \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC — mme\.proviseure — import complet — .*small\.xml \(SHA-256 [0-9a-f]{64}\) — 1 entrée\(s\) ; liens : 0 créé\(s\), 1 inchangé\(s\), 0 modifié\(s\), 6 supprimé\(s\)/)
  t.match(JSON.parse((await cli(['--history', '--uai', '0340000X', '--json'])).out), [{ by: 'mme.proviseure', mode: 'full', entries: 1, counts: { removed: 6 } }])
  const undo = await cli(['--undo', '--uai', '0340000X'], {})
  t.equal(undo.code, 0, undo.err)
  t.match(undo.out, /annulé par .* : l'établissement 0340000X a retrouvé ses 7 lien\(s\) d'avant/)
  t.equal((await links()).length, 7)
})

t.test('an import for a UAI with no service and nobody in the directories is refused as unknown', async (t) => {
  const file = join(dir, 'unknown.xml')
  writeFileSync(file, '<IdentifiantsPRONOTE UAI="0999999Z"><Eleve IDPN="A1" Nom="X" Prenom="Y"/></IdentifiantsPRONOTE>')
  const { code, err } = await cli(['--file', file, '--uai', '0999999Z', '--mode', 'full'])
  t.equal(code, 2)
  t.match(err, /Import refusé : établissement 0999999Z inconnu/)
})

t.test('the report ends with what to do next, with the commands', async (t) => {
  const { out } = await cli(['--file', SAMPLE, '--uai', '0340000X', '--mode', 'full', '--dry-run', '--force'])
  t.match(out, /À faire ensuite :\n  1\. Simulation(.|\n)*npm run import -- --export-csv --uai 0340000X --out liens-pronote-0340000X\.csv(.|\n)*sesame links link --uai 0340000X --idpn H3JD8SKW2MCV6TQE/)
})
