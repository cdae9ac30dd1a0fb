import t from 'tap'
import { FileDirectory } from '../../src/directory/FileDirectory.js'
import { exportLinksCsv } from '../../src/pronote/exportLinksCsv.js'
import { foldName } from '../../src/pronote/foldName.js'
import { formatReport } from '../../src/pronote/formatReport.js'
import { generateExport } from '../../src/pronote/generateExport.js'
import { MemoryLinkStore } from '../../src/pronote/MemoryLinkStore.js'
import { runImport } from '../../src/pronote/runImport.js'
import { fixture } from '../fixtures/pronote/memoryDirectory.js'
import { link } from './linkStoreContract.js'

t.test('names fold case, accents, ligatures, hyphens, apostrophes and spaces', async (t) => {
  t.equal(foldName("N'GUYEN-ROUX"), foldName('Nguyen Roux'))
  t.equal(foldName('Élodie'), 'elodie')
  t.equal(foldName('Anne-Sophie'), foldName('ANNE SOPHIE'))
  t.equal(foldName('LEFÈVRE'), 'lefevre')
  t.equal(foldName('Lætitia Œuvray'), 'laetitiaoeuvray')
  t.equal(foldName('D’Artagnan'), 'dartagnan')
  t.not(foldName('Martin'), foldName('Martine'))
})

t.test('the CSV export is IDPN;Identifiant CAS with a header, CRLF, sorted, quoted when needed', async (t) => {
  t.equal(exportLinksCsv([link('B2', 'u;2'), link('A1', 'u1')]), 'IDPN;Identifiant CAS\r\nA1;u1\r\nB2;"u;2"\r\n')
  t.equal(exportLinksCsv([]), 'IDPN;Identifiant CAS\r\n')
})

t.test('the text report is French and lists what needs a hand', async (t) => {
  const directory = await FileDirectory.load('demo', 'Démo', fixture('sample-directory.json'))
  const report = await runImport({ source: { path: fixture('IdPN_sample.xml') }, uai: '0340000X', mode: 'full', dryRun: true, directories: [directory], linkStore: new MemoryLinkStore() })
  const text = formatReport(report)
  t.match(text, /^Import PRONOTE complet — établissement 0340000X \(LYCEE JOFFRE\)\nSimulation : aucun lien n'a été enregistré\./)
  t.match(text, /lues\s+rapprochées\s+déjà liées\s+ambiguës\s+non trouvées\s+ignorées/)
  t.match(text, /total\s+8\s+5\s+0\s+2\s+1\s+0/)
  t.match(text, /Entrées non trouvées dans l'annuaire \(1\) :\n {2}- W2ER5TY8UI3OP6AS {2}ROUX Élodie, responsable \(ligne \d+\) : /)
})

t.test('the generator is deterministic and its export matches its people', async (t) => {
  const a = generateExport({ entries: 500, seed: 7 })
  const b = generateExport({ entries: 500, seed: 7 })
  t.equal([...a.xml()].join(''), [...b.xml()].join(''))
  t.not([...a.xml()].join(''), [...generateExport({ entries: 500, seed: 8 }).xml()].join(''))
  const people = a.people
  const report = await runImport({
    source: a.xml(), uai: '0340000X', mode: 'full', linkStore: new MemoryLinkStore(),
    directories: [{ id: 'g', label: 'g', authenticate: async () => { throw new Error('unused') }, peopleOf: async function * () { yield * people }, ping: async () => true, close: async () => {} }]
  })
  t.ok(report.totals.read >= 500 && report.totals.read < 510)
  t.ok(report.counts.parent.read > report.totals.read * 0.25, 'parents are a large share')
  t.ok(report.counts.teacher.read > report.counts.staff.read, 'more teachers than other staff')
  t.ok(report.totals.matched > report.totals.read * 0.9, 'most entries match')
})

t.test('the text report lists every link removed or changed, with how it was made, the ignored entries, and ends with what to do next', async (t) => {
  const directory = await FileDirectory.load('demo', 'Démo', fixture('sample-directory.json'))
  const store = new MemoryLinkStore([
    { ...link('GONE000000000001', 'hugo.martin1'), source: 'manual' },
    link('OLDPAUL000000001', 'paul.garcia', 4)
  ])
  const full = formatReport(await runImport({ source: { path: fixture('IdPN_sample.xml') }, uai: '0340000X', mode: 'full', dryRun: true, directories: [directory], linkStore: store }))
  t.match(full, /Liens\s+créés\s+inchangés\s+modifiés\s+supprimés\n(.|\n)*total\s+4\s+0\s+1\s+1\n/)
  t.match(full, /Liens supprimés \(seraient\) \(1\) :\n {2}- GONE000000000001 {2}hugo\.martin1 \(MARTIN Hugo\), élève, lié à la main\n/)
  t.match(full, /Liens modifiés \(seraient\) \(1\) :\n {2}- OLDPAUL000000001 {2}paul\.garcia \(García Paul\), personnel, lié par import : remplacé par R5T7Y9U1I3O5P7AS\n/)
  t.match(full, /À faire ensuite :\n {2}1\. Simulation(.|\n)*\n {2}2\. .*colonne « Identifiant CAS »(.|\n)*--export-csv --uai 0340000X(.|\n)*\n {2}3\. Liez à la main les 3 personne\(s\)(.|\n)*sesame links link --uai 0340000X --idpn H3JD8SKW2MCV6TQE --uid hugo\.martin1 --category 1/)
  const partial = formatReport(await runImport({ source: { path: fixture('IdPN_sample.xml') }, uai: '0340000X', mode: 'partial', dryRun: true, directories: [directory], linkStore: new MemoryLinkStore() }))
  t.match(partial, /Entrées ignorées \(1\) :\n {2}- Q7MZK2RT9PLX4WNB {2}N'GUYEN-ROUX Jean Baptiste, élève \(ligne \d+\) : identifiant CAS déjà renseigné dans PRONOTE \(ancien-ent-55121\)/)
})
