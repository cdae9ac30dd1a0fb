import { execFileSync } from 'node:child_process'
import { createPrivateKey, generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import type { ExportEntry } from '../../src/pronote/ExportEntry.js'
import { readExport } from '../../src/pronote/readExport.js'

// The built command, as the README and the benchmark run it (scripts/test.mjs builds dist/ first).
const dir = mkdtempSync(join(tmpdir(), 'sesame-generate-'))
t.teardown(() => { rmSync(dir, { recursive: true, force: true }) })
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
const pub = join(dir, 'partner.pub.pem')
writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }))

const entriesOf = async (file: string, partner?: { name: string, privateKey: typeof privateKey }): Promise<ExportEntry[]> => {
  const entries: ExportEntry[] = []
  await readExport({ path: file }, { onEntry: (e) => entries.push(e), ...(partner === undefined ? {} : { partner }) })
  return entries
}

t.test('--partner and --public-key write a real-shaped, compressed container of the same entries', async (t) => {
  execFileSync('node', ['dist/cli/generateExport.js', '50', join(dir, 'plain'), '3'], { stdio: 'pipe' })
  execFileSync('node', ['dist/cli/generateExport.js', '50', join(dir, 'enc'), '3', '--partner', 'ENT-TEST', '--public-key', pub], { stdio: 'pipe' })
  const file = join(dir, 'enc', 'IdPN_To_KOSMOS.xml')
  const text = readFileSync(file, 'utf8')
  t.match(text, /^<\?xml[^>]*>\n<EXPORT_INDEX_EDUCATION>\n\s*<VERSION>.*<LOGICIEL>.*<CLES>\s*<PARTENAIRE NOM="ENT-TEST">.*<CONTENU CompresseAvantChiffrement="true">.*<VERIFICATION>.*<DATEHEURE>.*<UAI>0340000X<\/UAI>/s)
  t.same(await entriesOf(file, { name: 'ENT-TEST', privateKey }), await entriesOf(join(dir, 'plain', 'IdPN_To_KOSMOS.xml')))
})

t.test('--encrypt wraps an existing plain export; the demo sample is the plain sample so wrapped', async (t) => {
  const out = join(dir, 'sample.xml')
  execFileSync('node', ['dist/cli/generateExport.js', '--encrypt', 'test/fixtures/pronote/IdPN_sample.xml', '--out', out, '--uai', '0340000X', '--partner', 'ENT-TEST', '--public-key', pub], { stdio: 'pipe' })
  const plain = await entriesOf('test/fixtures/pronote/IdPN_sample.xml')
  t.same(await entriesOf(out, { name: 'ENT-TEST', privateKey }), plain)
  const demo = { name: 'SESAME-DEMO', privateKey: createPrivateKey(readFileSync('config/demo/pronote-partenaire-demo.key.pem')) }
  t.same(await entriesOf('config/demo/IdPN_To_KOSMOS_0340000X.xml', demo), plain)
})

t.test('--partner without --public-key is a usage error', async (t) => {
  let failure: unknown
  try { execFileSync('node', ['dist/cli/generateExport.js', '5', join(dir, 'x'), '--partner', 'ENT'], { stdio: 'pipe' }) } catch (err) { failure = err }
  t.match(failure, { status: 2 })
  t.match(String((failure as { stderr?: Buffer } | undefined)?.stderr), /^Erreur : --partner et --public-key vont ensemble/)
})
