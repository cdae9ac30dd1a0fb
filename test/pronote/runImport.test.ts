import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import t from 'tap'
import { FileDirectory } from '../../src/directory/FileDirectory.js'
import type { LinkStore, PronoteLink } from '../../src/pronote/LinkStore.js'
import { MemoryLinkStore } from '../../src/pronote/MemoryLinkStore.js'
import type { RemovalLimitError } from '../../src/pronote/RemovalLimitError.js'
import { type RunImportOptions, runImport } from '../../src/pronote/runImport.js'
import { fixture, memoryDirectory } from '../fixtures/pronote/memoryDirectory.js'
import { link } from './linkStoreContract.js'

const directory = await FileDirectory.load('demo', 'Démo', fixture('sample-directory.json'))
const NOW = new Date('2026-09-02T08:00:00.000Z')
const imported = (idpn: string, uid: string, category: PronoteLink['category']): PronoteLink =>
  ({ uai: '0340000X', idpn, uid, category, source: 'import', linkedAt: NOW.toISOString() })
const sorted = (links: PronoteLink[]): PronoteLink[] => [...links].sort((a, b) => a.idpn.localeCompare(b.idpn))
const xml = (body: string): string[] => [`<IdentifiantsPRONOTE UAI="0340000X">${body}</IdentifiantsPRONOTE>`]

function options (linkStore: LinkStore, more: Partial<RunImportOptions> = {}): RunImportOptions {
  return { source: { path: fixture('IdPN_sample.xml') }, uai: '0340000X', mode: 'full', directories: [directory], linkStore, now: () => NOW, ...more }
}

t.test('a full import of the sample links every person it can identify without a guess', async (t) => {
  const store = new MemoryLinkStore()
  const report = await runImport(options(store))
  t.same(sorted(await store.listEstablishment('0340000X')), sorted([
    imported('A8BT6EGHDW3QFPXC', 'lea.dupont', 1),
    imported('Q7MZK2RT9PLX4WNB', 'jb.nguyen', 1), // N'GUYEN-ROUX Jean Baptiste = Nguyen Roux Jean-Baptiste
    imported('P4LK9JH2GF6DS3AQ', 'marc.dupont', 2),
    imported('K9M2N4B6V8C1X3ZA', 'asl', 3), // LEFÈVRE Anne-Sophie = Lefevre Anne Sophie
    imported('R5T7Y9U1I3O5P7AS', 'paul.garcia', 4) // the pupil namesake is no staff member
  ]))
  t.match(report, { uai: '0340000X', establishmentName: 'LYCEE JOFFRE', mode: 'full', dryRun: false, committed: true, linksWritten: 5 })
  t.same(report.counts.pupil, { read: 4, matched: 2, alreadyLinked: 0, ambiguous: 2, unmatched: 0, skipped: 0 })
  t.same(report.counts.parent, { read: 2, matched: 1, alreadyLinked: 0, ambiguous: 0, unmatched: 1, skipped: 0 })
  t.same(report.totals, { read: 8, matched: 5, alreadyLinked: 0, ambiguous: 2, unmatched: 1, skipped: 0 })
  t.match(report.ambiguous, [
    { idpn: 'H3JD8SKW2MCV6TQE', nom: 'MARTIN', prenom: 'Hugo', category: 1, reason: /2 personnes possibles/, candidates: ['hugo.martin1', 'hugo.martin2'] },
    { idpn: 'Z9XC4VB7NM2LK8JH', category: 1 }
  ])
  t.match(report.unmatched, [{ idpn: 'W2ER5TY8UI3OP6AS', nom: 'ROUX', prenom: 'Élodie', category: 2, reason: /n'a ces enfants/ }])
})

t.test('the same import twice: every link is "already linked" and keeps its date', async (t) => {
  const store = new MemoryLinkStore()
  await runImport(options(store))
  const later = await runImport(options(store, { now: () => new Date('2027-01-01') }))
  t.same(later.totals, { read: 8, matched: 0, alreadyLinked: 5, ambiguous: 2, unmatched: 1, skipped: 0 })
  t.equal((await store.linksOf('lea.dupont', '0340000X'))[0]?.linkedAt, NOW.toISOString())
})

t.test('twins: one person claimed by two entries is ambiguous for both', async (t) => {
  const dir = memoryDirectory([{ uid: 'hugo', nom: 'Martin', prenom: 'Hugo', dateNaissance: '2010-05-05', profiles: ['National_ELV'] }])
  const report = await runImport(options(new MemoryLinkStore(), { directories: [dir] }))
  t.match(report.ambiguous, [
    { idpn: 'H3JD8SKW2MCV6TQE', reason: /même personne que l'IDPN Z9XC4VB7NM2LK8JH/, candidates: ['hugo'] },
    { idpn: 'Z9XC4VB7NM2LK8JH', reason: /même personne que l'IDPN H3JD8SKW2MCV6TQE/ }
  ])
})

t.test('pupils match on name and birth date; names fold case, accents, hyphens, apostrophes, spaces', async (t) => {
  const dir = memoryDirectory([
    { uid: 'a', nom: 'd\'Alembert-Lefèvre', prenom: 'JEAN MARIE', dateNaissance: '2010-01-02', profiles: ['National_ELV'] },
    { uid: 'b', nom: 'Ngo', prenom: 'Zoé', dateNaissance: '2011-01-02', profiles: ['National_ELV'] }
  ])
  const report = await runImport(options(new MemoryLinkStore(), {
    directories: [dir],
    source: xml('<Eleve IDPN="P1" Nom="DALEMBERT LEFEVRE" Prenom="Jean-Marie" DateNaissance="02/01/2010"/><Eleve IDPN="P2" Nom="NGO" Prenom="Zoe" DateNaissance="03/01/2011"/><Eleve IDPN="P3" Nom="NGO" Prenom="Zoe"/>')
  }))
  t.equal(report.counts.pupil.matched, 1)
  t.match(report.unmatched, [{ idpn: 'P2', reason: /né le 03\/01\/2011/ }, { idpn: 'P3', reason: /date de naissance absente/ }])
})

t.test('a parent needs a matched child, named by DN or by uid', async (t) => {
  const dir = memoryDirectory([
    { uid: 'kid', dn: 'uid=kid,ou=people,dc=ac-x,dc=fr', nom: 'Petit', prenom: 'Kim', dateNaissance: '2012-02-02', profiles: ['National_ELV'] },
    { uid: 'mum', nom: 'Petit', prenom: 'Ann', profiles: ['National_TUT'], children: ['UID=kid, ou=people,dc=ac-x,dc=fr'] },
    { uid: 'dad', nom: 'Petit', prenom: 'Bob', profiles: ['National_TUT'], children: ['kid'] },
    { uid: 'other', nom: 'Petit', prenom: 'Cid', profiles: ['National_TUT'], children: ['someone'] }
  ])
  const report = await runImport(options(new MemoryLinkStore(), {
    directories: [dir],
    source: xml(`<Eleve IDPN="K1" Nom="Petit" Prenom="Kim" DateNaissance="02/02/2012"/>
      <Responsable IDPN="R1" Nom="Petit" Prenom="Ann"><Enfant IDPN="K1"/></Responsable>
      <Responsable IDPN="R2" Nom="Petit" Prenom="Bob"><Enfant IDPN="K1"/></Responsable>
      <Responsable IDPN="R3" Nom="Petit" Prenom="Cid"><Enfant IDPN="K1"/></Responsable>
      <Responsable IDPN="R4" Nom="Petit" Prenom="Ann"/>`)
  }))
  t.equal(report.counts.parent.matched, 2, 'by DN (case and spaces folded) and by uid')
  t.match(report.unmatched, [{ idpn: 'R3', reason: /n'a ces enfants/ }, { idpn: 'R4', reason: /aucun enfant indiqué/ }])
})

t.test('staff match on name, and on birth date only when both sides have one', async (t) => {
  const dir = memoryDirectory([
    { uid: 't1', nom: 'Prof', prenom: 'Un', dateNaissance: '1980-01-01', profiles: ['National_ENS'] },
    { uid: 't2', nom: 'Prof', prenom: 'Deux', profiles: ['National_DOC'] },
    { uid: 's1', nom: 'Staff', prenom: 'Un', dateNaissance: '1970-01-01', profiles: ['National_EVS'] },
    { uid: 's2', nom: 'Staff', prenom: 'Deux', profiles: ['National_XYZ'] }
  ])
  const report = await runImport(options(new MemoryLinkStore(), {
    directories: [dir],
    source: xml(`<Professeur IDPN="T1" Nom="Prof" Prenom="Un" DateNaissance="01/01/1980"/>
      <Professeur IDPN="T2" Nom="Prof" Prenom="Deux" DateNaissance="05/05/1985"/>
      <Personnel IDPN="S1" Nom="Staff" Prenom="Un" DateNaissance="02/01/1970"/>
      <Personnel IDPN="S2" Nom="Staff" Prenom="Deux"/>
      <Personnel IDPN="S3" Nom="Prof" Prenom="Un"/>`)
  }))
  t.same(report.counts.teacher, { read: 2, matched: 2, alreadyLinked: 0, ambiguous: 0, unmatched: 0, skipped: 0 })
  t.same(report.counts.staff, { read: 3, matched: 1, alreadyLinked: 0, ambiguous: 0, unmatched: 2, skipped: 0 })
  t.match(report.unmatched, [{ idpn: 'S1', category: 4, reason: /né le 02\/01\/1970/ }, { idpn: 'S3', reason: /aucun personnel de ce nom/ }])
})

t.test('people are matched within the establishment, across every directory', async (t) => {
  const other = memoryDirectory([{ uid: 'extra', nom: 'Hors', prenom: 'Champ', profiles: ['National_ENS'], uais: ['0750001A'] },
    { uid: 'arena.t', nom: 'Arena', prenom: 'Prof', profiles: ['National_ENS'] }], 'arena')
  const report = await runImport(options(new MemoryLinkStore(), {
    directories: [directory, other],
    source: xml('<Professeur IDPN="T1" Nom="Hors" Prenom="Champ"/><Professeur IDPN="T2" Nom="Arena" Prenom="Prof"/><Eleve IDPN="E1" Nom="Dupont" Prenom="Lea" DateNaissance="12/03/2010"/>')
  }))
  t.same(report.unmatched.map((e) => e.idpn), ['T1'])
  t.equal(report.totals.matched, 2)
})

t.test('a partial import takes only entries without a CAS identifier and keeps existing links', async (t) => {
  const store = new MemoryLinkStore([link('OLD1', 'someone', 3), link('Q7MZK2RT9PLX4WNB', 'jb.nguyen', 1)])
  const report = await runImport(options(store, { mode: 'partial', source: xml(`
    <Eleve IDPN="Q7MZK2RT9PLX4WNB" Nom="N'GUYEN-ROUX" Prenom="Jean Baptiste" DateNaissance="01/09/2009" IdentifiantCAS="jb.nguyen"/>
    <Eleve IDPN="A8BT6EGHDW3QFPXC" Nom="DUPONT" Prenom="Léa" DateNaissance="12/03/2010" IdentifiantCAS=""/>
    <Responsable IDPN="P4LK9JH2GF6DS3AQ" Nom="DUPONT" Prenom="Marc"><Enfant IDPN="A8BT6EGHDW3QFPXC"/></Responsable>`) }))
  t.same(report.counts.pupil, { read: 2, matched: 1, alreadyLinked: 0, ambiguous: 0, unmatched: 0, skipped: 1 })
  t.equal(report.counts.parent.matched, 1)
  t.same(sorted(await store.listEstablishment('0340000X')).map((l) => l.idpn), ['A8BT6EGHDW3QFPXC', 'OLD1', 'P4LK9JH2GF6DS3AQ', 'Q7MZK2RT9PLX4WNB'])
})

t.test('a partial import never re-points an IDPN that is linked already, even to the person the rules find', async (t) => {
  const manual: PronoteLink = { ...link('A8BT6EGHDW3QFPXC', 'hugo.martin2', 1), source: 'manual' }
  const store = new MemoryLinkStore([manual])
  const report = await runImport(options(store, { mode: 'partial', source: xml('<Eleve IDPN="A8BT6EGHDW3QFPXC" Nom="DUPONT" Prenom="Léa" DateNaissance="12/03/2010"/>') }))
  t.same(await store.listEstablishment('0340000X'), [manual], 'the link made earlier stays as it was')
  t.same(report.counts.pupil, { read: 1, matched: 0, alreadyLinked: 1, ambiguous: 0, unmatched: 0, skipped: 0 })
  t.equal(report.linksWritten, 0)
})

t.test('a partial import gives nobody a second identifier in a category where they have one', async (t) => {
  const store = new MemoryLinkStore([link('MANUALPAUL000001', 'paul.garcia', 4)])
  const report = await runImport(options(store, { mode: 'partial', source: xml('<Personnel IDPN="R5T7Y9U1I3O5P7AS" Nom="GARCIA" Prenom="Paul"/>') }))
  t.same((await store.linksOf('paul.garcia', '0340000X')).map((l) => l.idpn), ['MANUALPAUL000001'])
  t.match(report.ambiguous, [{ idpn: 'R5T7Y9U1I3O5P7AS', category: 4, reason: /paul\.garcia a déjà l'identifiant MANUALPAUL000001 comme personnel/, candidates: ['paul.garcia'] }])
})

t.test('a full import may give a person a new identifier in place of the old one', async (t) => {
  const store = new MemoryLinkStore([link('OLDPAUL000000001', 'paul.garcia', 4)])
  await runImport(options(store))
  t.same((await store.linksOf('paul.garcia', '0340000X')).map((l) => l.idpn), ['R5T7Y9U1I3O5P7AS'])
})

t.test('a partial import matches a parent through a child linked by an earlier import', async (t) => {
  const store = new MemoryLinkStore([link('A8BT6EGHDW3QFPXC', 'lea.dupont', 1)])
  const report = await runImport(options(store, { mode: 'partial', source: xml('<Responsable IDPN="P4LK9JH2GF6DS3AQ" Nom="DUPONT" Prenom="Marc"><Enfant IDPN="A8BT6EGHDW3QFPXC"/></Responsable>') }))
  t.equal(report.counts.parent.matched, 1)
})

t.test('a full import replaces the establishment\'s links but keeps a hand-made choice the rules cannot make', async (t) => {
  const manual: PronoteLink = { ...link('H3JD8SKW2MCV6TQE', 'hugo.martin2', 1), source: 'manual' }
  const store = new MemoryLinkStore([link('GONE', 'left.school', 1), manual, link('X', 'u', 1, '0750001A')])
  const report = await runImport(options(store))
  const links = await store.listEstablishment('0340000X')
  t.notOk(links.some((l) => l.idpn === 'GONE'), 'a link whose entry left the file is removed')
  t.same(links.find((l) => l.idpn === 'H3JD8SKW2MCV6TQE'), manual, 'the admin\'s pick among twins stays')
  t.equal(report.counts.pupil.alreadyLinked, 1)
  t.equal(report.ambiguous.length, 1)
  t.same(await store.listEstablishment('0750001A'), [link('X', 'u', 1, '0750001A')], 'another establishment is untouched')
})

t.test('steps are reported as they run, in order', async (t) => {
  const seen: string[] = []
  await runImport(options(new MemoryLinkStore(), { onStep: (s) => { seen.push(`${s.step}/${s.total} ${s.status} ${s.label}`) } }))
  t.same(seen.filter((s) => s.includes('start')), [
    '1/6 start Lecture et contrôle du fichier', '2/6 start Élèves', '3/6 start Responsables', '4/6 start Professeurs',
    '5/6 start Autres personnels', '6/6 start Bilan et enregistrement'])
  t.equal(seen.length, 12)
})

t.test('an import is atomic: a failure between two steps leaves the previous links untouched', async (t) => {
  for (const failAt of [1, 2, 3, 4, 5, 6]) {
    const store = new MemoryLinkStore([link('OLD1', 'someone')])
    await t.rejects(runImport(options(store, { onStep: (s) => { if (s.step === failAt && s.status === 'start') throw new Error('panne') } })), /panne/)
    t.same(await store.listEstablishment('0340000X'), [link('OLD1', 'someone')], `failure at step ${failAt}`)
  }
})

t.test('an import is atomic: a malformed file or a failing directory changes nothing', async (t) => {
  const store = new MemoryLinkStore([link('OLD1', 'someone')])
  await t.rejects(runImport(options(store, { source: { path: fixture('malformed.xml') } })), { code: 'XML_MALFORMED' })
  const broken = { ...memoryDirectory([]), peopleOf: async function * () { yield * []; throw new Error('annuaire indisponible') } }
  await t.rejects(runImport(options(store, { directories: [broken] })), /annuaire indisponible/)
  t.same(await store.listEstablishment('0340000X'), [link('OLD1', 'someone')])
})

t.test('a dry run gives the full report and writes nothing', async (t) => {
  const store = new MemoryLinkStore([link('OLD1', 'someone')])
  const report = await runImport(options(store, { dryRun: true }))
  t.match(report, { dryRun: true, committed: false, linksWritten: 5, totals: { matched: 5 } })
  t.same(await store.listEstablishment('0340000X'), [link('OLD1', 'someone')])
})

t.test('a file of another establishment, a bad UAI or a bad mode is refused before anything', async (t) => {
  const store = new MemoryLinkStore([link('OLD1', 'someone', 1, '0750001A')])
  await t.rejects(runImport(options(store, { uai: '0750001A' })), { code: 'UAI_MISMATCH', message: /0340000X/ })
  await t.rejects(runImport(options(store, { uai: '12345' })), { code: 'UAI_INVALID' })
  await t.rejects(runImport(options(store, { mode: 'everything' as 'full' })), { code: 'MODE_INVALID' })
  t.same(await store.listEstablishment('0750001A'), [link('OLD1', 'someone', 1, '0750001A')])
})

/** Seven links of 0340000X: five found again in the sample, one by hand whose IDPN stays, one gone. */
const seven = (): PronoteLink[] => [
  imported('A8BT6EGHDW3QFPXC', 'lea.dupont', 1), imported('Q7MZK2RT9PLX4WNB', 'jb.nguyen', 1), imported('P4LK9JH2GF6DS3AQ', 'marc.dupont', 2),
  imported('K9M2N4B6V8C1X3ZA', 'asl', 3), imported('R5T7Y9U1I3O5P7AS', 'paul.garcia', 4),
  { ...imported('H3JD8SKW2MCV6TQE', 'hugo.martin1', 1), source: 'manual' }, imported('GONE000000000001', 'left.school', 1)
]
const nearlyEmpty = xml('<Eleve IDPN="A8BT6EGHDW3QFPXC" Nom="DUPONT" Prenom="Léa" DateNaissance="12/03/2010"/>')

t.test('a full import that would remove more than 10 % of the links (and more than 5) stops before writing, with the list', async (t) => {
  const store = new MemoryLinkStore(seven())
  const err = await runImport(options(store, { source: nearlyEmpty })).then(() => undefined, (e: unknown) => e)
  t.match(err, { name: 'RemovalLimitError', code: 'TOO_MANY_REMOVALS', statusCode: 409, message: /supprimerait 6 lien\(s\) sur 7/ })
  const report = (err as RemovalLimitError).report
  t.match(report, { written: false, committed: false, removalLimit: { links: 7, limit: 5, removals: 6, exceeded: true, forced: false } })
  t.same(report.changes.totals, { created: 0, unchanged: 1, changed: 0, removed: 6 })
  t.match(report.changes.removed.find((c) => c.idpn === 'H3JD8SKW2MCV6TQE'), { uid: 'hugo.martin1', name: 'MARTIN Hugo', kind: 'pupil', source: 'manual' })
  t.same(sorted(await store.listEstablishment('0340000X')), sorted(seven()), 'nothing written')
  t.same(await store.importHistory('0340000X'), [], 'and nothing recorded')
  const dry = await runImport(options(store, { source: nearlyEmpty, dryRun: true }))
  t.match(dry, { written: false, removalLimit: { exceeded: true } }, 'a dry run tells the real one would stop')
  const forced = await runImport(options(store, { source: nearlyEmpty, force: true }))
  t.match(forced, { written: true, removalLimit: { exceeded: true, forced: true } })
  t.same((await store.listEstablishment('0340000X')).map((l) => l.idpn), ['A8BT6EGHDW3QFPXC'], '--force goes ahead')
})

t.test('removing 10 % of the links, or five, needs no --force', async (t) => {
  const many = Array.from({ length: 50 }, (_, i) => imported(`KEEP${String(i).padStart(12, '0')}`, `p${i}`, 1))
  const store = new MemoryLinkStore([...many, ...seven().slice(5)]) // 52 links; 5 go
  const dir = memoryDirectory(many.map((l, i) => ({ uid: l.uid, nom: 'Eleve', prenom: `N${i}`, dateNaissance: '2010-01-01', profiles: ['National_ELV'] })))
  const body = many.map((l, i) => `<Eleve IDPN="${l.idpn}" Nom="Eleve" Prenom="N${i}" DateNaissance="01/01/2010"/>`).join('')
  const report = await runImport(options(store, { directories: [dir], source: xml(body) }))
  t.match(report, { written: true, removalLimit: { links: 52, limit: 5, removals: 2, exceeded: false } })
})

t.test('a link made by hand survives a full import while its IDPN is in the file, even against the rules\' pick', async (t) => {
  const manual: PronoteLink = { ...imported('A8BT6EGHDW3QFPXC', 'paul.garcia2', 1), source: 'manual' }
  const store = new MemoryLinkStore([manual])
  const report = await runImport(options(store))
  t.same((await store.listEstablishment('0340000X')).find((l) => l.idpn === 'A8BT6EGHDW3QFPXC'), manual)
  t.same(await store.linksOf('lea.dupont', '0340000X'), [], 'the rules\' candidate is not linked in its place')
  t.equal(report.changes.totals.unchanged, 1)
})

t.test('a person linked by hand after an import left them unmatched is linked again at the next full import', async (t) => {
  const store = new MemoryLinkStore()
  const first = await runImport(options(store))
  t.ok(first.ambiguous.some((e) => e.idpn === 'H3JD8SKW2MCV6TQE'))
  await store.addLinks('0340000X', [{ ...imported('H3JD8SKW2MCV6TQE', 'hugo.martin1', 1), source: 'manual' }])
  const second = await runImport(options(store))
  t.match(await store.linksOf('hugo.martin1', '0340000X'), [{ idpn: 'H3JD8SKW2MCV6TQE', source: 'manual' }])
  t.notOk(second.ambiguous.some((e) => e.idpn === 'H3JD8SKW2MCV6TQE'))
  t.match(second.ambiguous, [{ idpn: 'Z9XC4VB7NM2LK8JH', reason: /2 personnes possibles/ }], 'the twin is still to link by hand')
})

t.test('the report counts created, unchanged, changed and removed links and lists each change', async (t) => {
  const store = new MemoryLinkStore([
    imported('A8BT6EGHDW3QFPXC', 'lea.dupont', 1), // unchanged
    imported('Q7MZK2RT9PLX4WNB', 'someone.else', 1), // the IDPN moves to jb.nguyen
    imported('OLDPAUL000000001', 'paul.garcia', 4), // Paul gets a new IDPN
    imported('GONE000000000001', 'left.school', 1) // removed
  ])
  const report = await runImport(options(store))
  t.same(report.changes.totals, { created: 2, unchanged: 1, changed: 2, removed: 1 })
  t.same(report.changes.counts.staff, { created: 0, unchanged: 0, changed: 1, removed: 0 })
  t.match(report.changes.changed, [
    { idpn: 'Q7MZK2RT9PLX4WNB', uid: 'someone.else', source: 'import', to: { idpn: 'Q7MZK2RT9PLX4WNB', uid: 'jb.nguyen' } },
    { idpn: 'OLDPAUL000000001', uid: 'paul.garcia', name: 'García Paul', to: { idpn: 'R5T7Y9U1I3O5P7AS', uid: 'paul.garcia' } }
  ])
  t.match(report.changes.removed, [{ idpn: 'GONE000000000001', uid: 'left.school', kind: 'pupil', source: 'import' }])
})

t.test('each written import is recorded: who, when, mode, file name and SHA-256, counts and the file\'s IDPNs; undo restores', async (t) => {
  const store = new MemoryLinkStore([link('OLD1', 'someone')])
  const report = await runImport(options(store, { by: 'admin.lycee' }))
  const sha = createHash('sha256').update(readFileSync(fixture('IdPN_sample.xml'))).digest('hex')
  t.same(report.file, { name: fixture('IdPN_sample.xml'), sha256: sha })
  const [record] = await store.importHistory('0340000X')
  t.match(record, { at: NOW.toISOString(), by: 'admin.lycee', mode: 'full', fileName: fixture('IdPN_sample.xml'), sha256: sha, counts: { created: 5, removed: 1 } })
  t.equal(Object.keys(record?.idpns ?? {}).length, 8)
  t.equal(record?.idpns['P4LK9JH2GF6DS3AQ'], 2)
  const streamed = await runImport(options(store, { source: [readFileSync(fixture('IdPN_sample.xml'))], dryRun: true }))
  t.equal(streamed.file.sha256, sha, 'an uploaded body is hashed as it streams')
  await store.undoImport('0340000X')
  t.same(await store.listEstablishment('0340000X'), [link('OLD1', 'someone')])
})

t.test('a partial import lists the entries it skips because they carry a CAS identifier', async (t) => {
  const report = await runImport(options(new MemoryLinkStore(), { mode: 'partial' }))
  t.match(report.ignored, [{ idpn: 'Q7MZK2RT9PLX4WNB', nom: "N'GUYEN-ROUX", kind: 'pupil', reason: /identifiant CAS déjà renseigné dans PRONOTE \(ancien-ent-55121\)/ }])
  t.equal(report.totals.skipped, 1)
})

t.test('a dry run says nothing was written and what to do next', async (t) => {
  const report = await runImport(options(new MemoryLinkStore(), { dryRun: true }))
  t.match(report, { written: false, committed: false })
  t.match(report.nextSteps, [{ text: /Simulation/ }, { command: 'npm run import -- --export-csv --uai 0340000X --out liens-pronote-0340000X.csv' }, { command: /sesame links link --uai 0340000X --idpn H3JD8SKW2MCV6TQE/ }])
})

t.test('an unknown UAI (no service, nobody in the directories) is refused; a registered service makes it known', async (t) => {
  const store = new MemoryLinkStore()
  const other = (): string[] => [`<IdentifiantsPRONOTE UAI="0999999Z"><Eleve IDPN="E1" Nom="X" Prenom="Y"/></IdentifiantsPRONOTE>`]
  await t.rejects(runImport(options(store, { uai: '0999999Z', source: other() })), { code: 'UAI_UNKNOWN', message: /établissement 0999999Z inconnu/ })
  t.same(await store.importHistory('0999999Z'), [])
  t.match(await runImport(options(store, { uai: '0999999Z', source: other(), hasService: true })), { written: true })
})

t.test('an unmatched person found in another establishment is reported as attached there', async (t) => {
  const report = await runImport(options(new MemoryLinkStore(), {
    otherUais: ['0750001A'],
    source: xml('<Eleve IDPN="E1" Nom="Dupont" Prenom="Lea" DateNaissance="01/01/2011"/><Eleve IDPN="E2" Nom="Inconnu" Prenom="Personne" DateNaissance="01/01/2011"/>')
  }))
  t.match(report.unmatched, [
    { idpn: 'E1', reason: 'élève de ce nom rattaché à l\'établissement 0750001A, pas à 0340000X', elsewhere: ['0750001A'] },
    { idpn: 'E2', reason: /aucun élève de ce nom/ }
  ])
})

t.test('a link made while the import is matching is never overwritten: the import is refused and writes nothing', async (t) => {
  const store = new MemoryLinkStore([link('OLD1', 'someone')])
  const manual: PronoteLink = { ...imported('H3JD8SKW2MCV6TQE', 'hugo.martin1', 1), source: 'manual' }
  const onStep = async (s: { step: number, status: string }): Promise<void> => { if (s.step === 3 && s.status === 'start') await store.addLinks('0340000X', [manual]) }
  await t.rejects(runImport(options(store, { onStep })), { code: 'LINKS_CHANGED', statusCode: 409, message: /ont changé pendant l'import/ })
  t.same(sorted(await store.listEstablishment('0340000X')), sorted([manual, link('OLD1', 'someone')]))
  t.same(await store.importHistory('0340000X'), [])
})

t.test('a link made by hand that an import removed (its IDPN left the file) is made again when the IDPN comes back', async (t) => {
  const store = new MemoryLinkStore()
  await runImport(options(store))
  await store.addLinks('0340000X', [{ ...imported('H3JD8SKW2MCV6TQE', 'hugo.martin1', 1), source: 'manual' }])
  const without = await runImport(options(store, { source: xml('<Eleve IDPN="A8BT6EGHDW3QFPXC" Nom="DUPONT" Prenom="Léa" DateNaissance="12/03/2010"/>'), force: true }))
  t.match(without.changes.removed.find((c) => c.idpn === 'H3JD8SKW2MCV6TQE'), { uid: 'hugo.martin1', source: 'manual' })
  t.same(await store.linksOf('hugo.martin1', '0340000X'), [])
  const back = await runImport(options(store))
  t.match(await store.linksOf('hugo.martin1', '0340000X'), [{ idpn: 'H3JD8SKW2MCV6TQE', source: 'manual' }])
  t.notOk(back.ambiguous.some((e) => e.idpn === 'H3JD8SKW2MCV6TQE'))
  t.match(back.ambiguous, [{ idpn: 'Z9XC4VB7NM2LK8JH' }], 'the twin is still to link by hand')
})
