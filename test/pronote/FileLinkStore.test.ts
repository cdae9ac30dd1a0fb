import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { FileLinkStore } from '../../src/pronote/FileLinkStore.js'
import { link, linkStoreContract } from './linkStoreContract.js'

const dirs: string[] = []
const freshDir = (): string => { const d = mkdtempSync(join(tmpdir(), 'sesame-links-')); dirs.push(d); return d }
t.teardown(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

linkStoreContract(t, async () => await FileLinkStore.open(freshDir()))

t.test('links live in DATA_DIR/pronote-links.json and survive a restart', async (t) => {
  const dir = freshDir()
  const a = await FileLinkStore.open(dir)
  await a.replaceEstablishment('0340000X', [link('A1', 'u1')])
  t.match(JSON.parse(readFileSync(join(dir, 'pronote-links.json'), 'utf8')), { links: [link('A1', 'u1')] })
  const b = await FileLinkStore.open(dir)
  t.same(await b.linksOf('u1', '0340000X'), [link('A1', 'u1')])
  t.same(readdirSync(dir), ['pronote-links.json'], 'no temporary or lock file is left behind')
})

t.test('a running store sees a write made by another process without restart', async (t) => {
  const dir = freshDir()
  const server = await FileLinkStore.open(dir)
  t.same(await server.linksOf('u1', '0340000X'), [])
  const cli = await FileLinkStore.open(dir) // stands for the import command
  await cli.replaceEstablishment('0340000X', [link('A1', 'u1')])
  t.same(await server.linksOf('u1', '0340000X'), [link('A1', 'u1')])
  await server.addLinks('0340000X', [link('B2', 'u2')])
  t.same((await cli.listEstablishment('0340000X')).length, 2, 'a write re-reads the file first and keeps the other process\'s links')
})

t.test('a damaged links file is an error, never taken for an empty one', async (t) => {
  const dir = freshDir()
  writeFileSync(join(dir, 'pronote-links.json'), '{"links": [')
  await t.rejects(FileLinkStore.open(dir), /pronote-links\.json/)
  await t.rejects(FileLinkStore.open(dir), { name: 'StoredDataError', message: /fichier de liens PRONOTE illisible/ })
})

t.test('a failed write leaves the previous file and links in place', async (t) => {
  const dir = freshDir()
  const store = await FileLinkStore.open(dir)
  await store.replaceEstablishment('0340000X', [link('A1', 'u1')])
  const before = readFileSync(join(dir, 'pronote-links.json'), 'utf8')
  await t.rejects(store.replaceEstablishment('0340000X', [link('B2', 'u2', 1, '0750001A')]))
  t.equal(readFileSync(join(dir, 'pronote-links.json'), 'utf8'), before)
  t.same(await store.listEstablishment('0340000X'), [link('A1', 'u1')])
})
