import type { Test } from 'tap'
import type { ImportRecord } from '../../src/pronote/ImportRecord.js'
import type { LinkStore, PronoteCategory, PronoteLink } from '../../src/pronote/LinkStore.js'

/** A link of 0340000X (or uai), made by import at a fixed date. */
export function link (idpn: string, uid: string, category: PronoteCategory = 1, uai = '0340000X'): PronoteLink {
  return { uai, idpn, uid, category, source: 'import', linkedAt: '2026-09-01T10:00:00.000Z' }
}

/** The record of an import at minute `n`, by someone, in this mode. */
export function record (n: number, mode: ImportRecord['mode'] = 'full'): ImportRecord {
  return {
    at: `2026-09-01T10:${String(n).padStart(2, '0')}:00.000Z`, by: 'admin', mode, fileName: `export-${n}.xml`, sha256: 'ab'.repeat(32),
    counts: { created: n, unchanged: 0, changed: 0, removed: 0 }, idpns: { [`A${n}`]: 1, [`B${n}`]: 2 }
  }
}

const byIdpn = (links: PronoteLink[]): PronoteLink[] => [...links].sort((a, b) => a.idpn.localeCompare(b.idpn))

/**
 * The rules every LinkStore must follow (docs/pronote.md, LinkStore.ts). `open` gives a fresh, empty
 * store; the suite closes what it opens.
 */
export function linkStoreContract (t: Test, open: () => Promise<LinkStore>): void {
  let store: LinkStore
  t.beforeEach(async () => { store = await open() })
  t.afterEach(async () => { await store.close() })

  t.test('an empty store has no links', async (t) => {
    t.same(await store.linksOf('u1', '0340000X'), [])
    t.same(await store.listEstablishment('0340000X'), [])
  })

  t.test('replaceEstablishment makes the links exactly these, and linksOf finds them by uid and UAI', async (t) => {
    await store.replaceEstablishment('0340000X', [link('A1', 'u1'), link('B2', 'u2', 2), link('C3', 'u1', 3)])
    t.same(byIdpn(await store.linksOf('u1', '0340000X')), [link('A1', 'u1'), link('C3', 'u1', 3)])
    t.same(await store.linksOf('u2', '0340000X'), [link('B2', 'u2', 2)])
    t.same(await store.linksOf('u1', '0750001A'), [], 'another establishment has none')
    await store.replaceEstablishment('0340000X', [link('D4', 'u3')])
    t.same(await store.listEstablishment('0340000X'), [link('D4', 'u3')])
    t.same(await store.linksOf('u1', '0340000X'), [], 'old links are gone')
  })

  t.test('replaceEstablishment with no links empties the establishment', async (t) => {
    await store.replaceEstablishment('0340000X', [link('A1', 'u1')])
    await store.replaceEstablishment('0340000X', [])
    t.same(await store.listEstablishment('0340000X'), [])
    t.same(await store.linksOf('u1', '0340000X'), [])
  })

  t.test('an establishment\'s import never touches another establishment', async (t) => {
    await store.replaceEstablishment('0750001A', [link('Z9', 'u1', 1, '0750001A')])
    await store.replaceEstablishment('0340000X', [link('A1', 'u1')])
    await store.addLinks('0340000X', [link('B2', 'u1')])
    await store.unlink('0340000X', 'A1')
    t.same(await store.linksOf('u1', '0750001A'), [link('Z9', 'u1', 1, '0750001A')])
  })

  t.test('links given for another establishment are refused and nothing changes', async (t) => {
    await store.replaceEstablishment('0340000X', [link('A1', 'u1')])
    await t.rejects(store.replaceEstablishment('0340000X', [link('B2', 'u2'), link('Z9', 'u9', 1, '0750001A')]))
    await t.rejects(store.addLinks('0340000X', [link('Z9', 'u9', 1, '0750001A')]))
    t.same(await store.listEstablishment('0340000X'), [link('A1', 'u1')])
  })

  t.test('the UAI compares case-insensitively', async (t) => {
    await store.replaceEstablishment('0340000x', [link('A1', 'u1', 1, '0340000x')])
    t.same(await store.linksOf('u1', '0340000X'), [link('A1', 'u1')])
  })

  t.test('addLinks keeps existing links and replaces the link of the same IDPN', async (t) => {
    await store.replaceEstablishment('0340000X', [link('A1', 'u1'), link('B2', 'u2')])
    await store.addLinks('0340000X', [link('B2', 'u3'), link('C3', 'u1', 2)])
    t.same(byIdpn(await store.listEstablishment('0340000X')), [link('A1', 'u1'), link('B2', 'u3'), link('C3', 'u1', 2)])
    t.same(await store.linksOf('u2', '0340000X'), [], 'the IDPN left its previous person')
    t.same(await store.linksOf('u3', '0340000X'), [link('B2', 'u3')])
    t.same(byIdpn(await store.linksOf('u1', '0340000X')), [link('A1', 'u1'), link('C3', 'u1', 2)])
  })

  t.test('a manual link keeps its source and date', async (t) => {
    const manual: PronoteLink = { ...link('A1', 'u1'), source: 'manual', linkedAt: '2026-10-02T08:00:00.000Z' }
    await store.addLinks('0340000X', [manual])
    t.same(await store.linksOf('u1', '0340000X'), [manual])
  })

  t.test('unlink removes one link and says whether there was one', async (t) => {
    await store.replaceEstablishment('0340000X', [link('A1', 'u1'), link('B2', 'u1', 2)])
    t.equal(await store.unlink('0340000X', 'A1'), true)
    t.equal(await store.unlink('0340000X', 'A1'), false)
    t.equal(await store.unlink('0340000X', 'NOPE'), false)
    t.same(await store.linksOf('u1', '0340000X'), [link('B2', 'u1', 2)])
    t.same(await store.listEstablishment('0340000X'), [link('B2', 'u1', 2)])
  })

  t.test('names with unusual characters survive a round trip', async (t) => {
    const l = link('A1', 'jean.dupont-é/"x"')
    await store.replaceEstablishment('0340000X', [l])
    t.same(await store.linksOf(l.uid, '0340000X'), [l])
  })

  t.test('concurrent writes are all applied', async (t) => {
    await Promise.all(Array.from({ length: 20 }, async (_, i) => { await store.addLinks('0340000X', [link(`I${i}`, `u${i % 3}`)]) }))
    t.equal((await store.listEstablishment('0340000X')).length, 20)
    t.equal((await store.linksOf('u0', '0340000X')).length, 7)
  })

  t.test('a large establishment is replaced in one call', async (t) => {
    const links = Array.from({ length: 5000 }, (_, i) => link(`L${i}`, `u${i}`, 1))
    await store.replaceEstablishment('0340000X', links)
    t.equal((await store.listEstablishment('0340000X')).length, 5000)
    t.same(await store.linksOf('u4999', '0340000X'), [link('L4999', 'u4999')])
  })

  // --- Establishments ---
  t.test('establishments lists, sorted and in upper case, exactly the establishments holding links', async (t) => {
    t.same(await store.establishments(), [], 'an empty store has none')
    await store.replaceEstablishment('0750001a', [link('Z9', 'u9', 1, '0750001a')])
    await store.replaceEstablishment('0340000X', [link('A1', 'u1')])
    await store.addLinks('0130002B', [link('B2', 'u2', 2, '0130002B')])
    t.same(await store.establishments(), ['0130002B', '0340000X', '0750001A'])
    await store.unlink('0130002B', 'B2')
    await store.replaceEstablishment('0750001A', [])
    t.same(await store.establishments(), ['0340000X'], 'an establishment whose links are all gone is no longer listed')
  })

  t.test('establishments finds every one of many establishments', async (t) => {
    const uais = Array.from({ length: 150 }, (_, i) => `${String(1000000 + i)}A`)
    await Promise.all(uais.map(async (uai) => { await store.addLinks(uai, [link('A1', 'u1', 1, uai)]) }))
    t.same(await store.establishments(), uais)
  })

  t.test('commitImport (full) replaces the links and records the import, newest first', async (t) => {
    await store.addLinks('0340000X', [link('M1', 'u9')])
    await store.commitImport('0340000X', [link('A1', 'u1')], record(1))
    await store.commitImport('0340000X', [link('A2', 'u2')], record(2))
    t.same(await store.listEstablishment('0340000X'), [link('A2', 'u2')])
    t.same(await store.importHistory('0340000X'), [record(2), record(1)])
    t.same(await store.importHistory('0750001A'), [], 'another establishment has no history')
  })

  t.test('commitImport (partial) adds the links and keeps the others', async (t) => {
    await store.replaceEstablishment('0340000X', [link('A1', 'u1'), link('B2', 'u2')])
    await store.commitImport('0340000X', [link('C3', 'u3'), link('B2', 'u4')], record(1, 'partial'))
    t.same(byIdpn(await store.listEstablishment('0340000X')), [link('A1', 'u1'), link('B2', 'u4'), link('C3', 'u3')])
    t.same(await store.linksOf('u2', '0340000X'), [])
  })

  t.test('undoImport puts back the links as they were before the last import, and only that one', async (t) => {
    const before = [link('A1', 'u1'), { ...link('M1', 'u9', 4), source: 'manual' as const }]
    await store.replaceEstablishment('0340000X', before)
    await store.commitImport('0340000X', [link('B1', 'u2')], record(1))
    await store.commitImport('0340000X', [link('C1', 'u3'), link('C2', 'u3', 2)], record(2))
    t.same(await store.undoImport('0340000X'), record(2))
    t.same(await store.listEstablishment('0340000X'), [link('B1', 'u2')])
    t.same(await store.linksOf('u3', '0340000X'), [], 'the undone links are gone from the person index too')
    t.same(await store.importHistory('0340000X'), [record(1)])
    t.same(await store.undoImport('0340000X'), record(1))
    t.same(byIdpn(await store.listEstablishment('0340000X')), byIdpn(before))
    t.same(await store.linksOf('u9', '0340000X'), [before[1]], 'a manual link comes back as it was')
    t.equal(await store.undoImport('0340000X'), undefined, 'nothing left to undo')
    t.same(byIdpn(await store.listEstablishment('0340000X')), byIdpn(before), 'and an undo with nothing to undo changes nothing')
  })

  t.test('undoing a first import leaves the establishment without links', async (t) => {
    await store.commitImport('0340000X', [link('A1', 'u1')], record(1))
    await store.undoImport('0340000X')
    t.same(await store.listEstablishment('0340000X'), [])
    t.same(await store.linksOf('u1', '0340000X'), [])
  })

  t.test('the history keeps the last five imports', async (t) => {
    for (let n = 1; n <= 7; n++) await store.commitImport('0340000X', [link(`A${n}`, 'u1')], record(n))
    t.same((await store.importHistory('0340000X')).map((r) => r.at), [7, 6, 5, 4, 3].map((n) => record(n).at))
  })

  t.test('a commitImport with links of another establishment changes nothing, history included', async (t) => {
    await store.commitImport('0340000X', [link('A1', 'u1')], record(1))
    await t.rejects(store.commitImport('0340000X', [link('Z9', 'u9', 1, '0750001A')], record(2)))
    t.same(await store.listEstablishment('0340000X'), [link('A1', 'u1')])
    t.same(await store.importHistory('0340000X'), [record(1)])
  })
}
