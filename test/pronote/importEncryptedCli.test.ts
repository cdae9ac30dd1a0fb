import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import t from 'tap'
import { type ImportCliDeps, main } from '../../src/cli/importMain.js'
import { loadDirectories } from '../../src/config/loadDirectories.js'
import { createLinkStore } from '../../src/pronote/createLinkStore.js'
import { fixture } from '../fixtures/pronote/memoryDirectory.js'

const dir = mkdtempSync(join(tmpdir(), 'sesame-import-encrypted-'))
t.teardown(() => { rmSync(dir, { recursive: true, force: true }) })
const directoriesFile = join(dir, 'directories.json')
writeFileSync(directoriesFile, JSON.stringify([{ id: 'demo', label: 'Démo', kind: 'file', path: resolve(fixture('sample-directory.json')) }]))
const DEMO_FILE = 'config/demo/IdPN_To_KOSMOS_0340000X.xml'

async function cli (argv: string[], env: Record<string, string> = {}): Promise<{ code: number, out: string, err: string }> {
  let out = ''
  let err = ''
  const deps: ImportCliDeps = {
    env: { DATA_DIR: join(dir, 'data'), DIRECTORIES_FILE: directoriesFile, ...env },
    stdout: { write: (s: string) => { out += s } },
    stderr: { write: (s: string) => { err += s } },
    loadDirectories: async (config) => await loadDirectories(config, {}),
    createLinkStore: async (config) => await createLinkStore(config)
  }
  return { code: await main(argv, deps), out, err }
}
const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '' && !l.startsWith('Étape'))

t.test('the encrypted demo sample imports out of the box with the demo partner, which stderr names', async (t) => {
  const { code, out, err } = await cli(['--file', DEMO_FILE, '--uai', '0340000X', '--mode', 'full', '--dry-run'])
  t.equal(code, 0)
  t.match(out, /Import PRONOTE complet — établissement 0340000X \(LYCEE JOFFRE\)/)
  t.match(out, /total\s+8\s/)
  t.same(lines(err), ['Clé partenaire de démonstration SESAME-DEMO (config/demo/) : définir PRONOTE_PARTNER_NAME et PRONOTE_PARTNER_KEY_FILE pour les vrais exports'])
})

t.test('an encrypted export refused for its partner or its missing settings: one French line, exit code 2', async (t) => {
  const other = await cli(['--file', DEMO_FILE, '--uai', '0340000X', '--mode', 'full'], { PRONOTE_PARTNER_NAME: 'ENT-REGION', PRONOTE_PARTNER_KEY_FILE: 'config/demo/pronote-partenaire-demo.key.pem' })
  t.equal(other.code, 2)
  t.same(lines(other.err), ['Import refusé : fichier chiffré pour SESAME-DEMO, pas pour ENT-REGION (PRONOTE_PARTNER_NAME) : l\'exporter depuis PRONOTE pour le partenaire ENT-REGION'])
  const production = await cli(['--file', DEMO_FILE, '--uai', '0340000X', '--mode', 'full'], { NODE_ENV: 'production', CAS_SECRET: 'x'.repeat(32) })
  t.equal(production.code, 2)
  t.match(lines(production.err), [/^Import refusé : fichier chiffré .*PRONOTE_PARTNER_NAME et PRONOTE_PARTNER_KEY_FILE/])
  t.equal(lines(production.err).length, 1)
})
