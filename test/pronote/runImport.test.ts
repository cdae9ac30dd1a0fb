import t from 'tap'
import { FileDirectory } from '../../src/directory/FileDirectory.js'
import type { LinkStore, PronoteLink } from '../../src/pronote/LinkStore.js'
import { MemoryLinkStore } from '../../src/pronote/MemoryLinkStore.js'
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
