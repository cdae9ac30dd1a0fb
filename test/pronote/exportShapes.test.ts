import t, { type Test } from 'tap'
import type { ExportEntry } from '../../src/pronote/ExportEntry.js'
import { EXPORT_ROOTS } from '../../src/pronote/exportRoots.js'
import { ImportError } from '../../src/pronote/ImportError.js'
import { readExport } from '../../src/pronote/readExport.js'

// The shapes Index Éducation's own exports use besides the sample's (docs/pronote.md).
const doc = (body: string, root = 'IdentifiantsPRONOTE'): string[] => [`<?xml version="1.0"?>\n<${root} UAI="0340000X">\n${body}\n</${root}>`]
async function read (source: string[]): Promise<ExportEntry[]> {
  const entries: ExportEntry[] = []
  await readExport(source, { onEntry: (e) => entries.push(e) })
  return entries
}
const byIdpn = (entries: ExportEntry[], idpn: string): ExportEntry | undefined => entries.find((e) => e.idpn === idpn)
async function refused (t: Test, source: string[], code: string, message: RegExp): Promise<void> {
  const err = await read(source).then(() => undefined, (e: unknown) => e)
  t.type(err, ImportError)
  t.match(err, { code, message })
}

t.test('IDCAS is the CAS identifier PRONOTE holds, as an attribute or an element', async (t) => {
  const entries = await read(doc('<Eleve IDPN="A1" IDCAS="ent-42"/>\n<Professeur><IDPN>P1</IDPN><IdCas>prof-7</IdCas></Professeur>\n<Personnel IDPN="S1" IDCAS=""/>'))
  t.equal(byIdpn(entries, 'A1')?.casId, 'ent-42')
  t.equal(byIdpn(entries, 'P1')?.casId, 'prof-7')
  t.equal(byIdpn(entries, 'S1')?.casId, undefined, 'an empty IDCAS is no CAS identifier')
})

t.test('a Responsable nested in an Eleve is a parent of that pupil, and not a field of it', async (t) => {
  const entries = await read(doc(`<Eleve IDPN="A1" Nom="DUPONT" Prenom="Léa" DateNaissance="12/03/2010">
    <Responsable IDPN="R1"><Nom>DUPONT</Nom><Prenom>Marc</Prenom></Responsable>
  </Eleve>`))
  t.match(byIdpn(entries, 'A1'), { kind: 'pupil', nom: 'DUPONT', prenom: 'Léa', children: [] })
  t.match(byIdpn(entries, 'R1'), { kind: 'parent', nom: 'DUPONT', prenom: 'Marc', children: ['A1'] })
  t.equal(entries.length, 2)
})

t.test('the pupil\'s IDPN may come after its nested Responsable', async (t) => {
  const entries = await read(doc('<Eleve><Responsables><Responsable IDPN="R1" Nom="X"/></Responsables><IDPN>A1</IDPN></Eleve>'))
  t.same(byIdpn(entries, 'R1')?.children, ['A1'])
})

t.test('a parent nested under two pupils is one parent with two children', async (t) => {
  const entries = await read(doc(`<Eleves>
    <Eleve IDPN="A1"><Responsable IDPN="R1" Nom="DUPONT" Prenom="Marc"/></Eleve>
    <Eleve IDPN="A2"><Responsable IDPN="R1" Nom="DUPONT" Prenom="Marc"/><Responsable IDPN="R2" Nom="MARTIN"/></Eleve>
  </Eleves>`))
  t.same(entries.filter((e) => e.kind === 'parent').map((e) => [e.idpn, e.children]), [['R1', ['A1', 'A2']], ['R2', ['A2']]])
  t.equal(byIdpn(entries, 'R1')?.line, 4, 'the first mention gives the line')
})

t.test('a parent nested and also listed on its own is merged too; a second mention by Ident alone as well', async (t) => {
  const entries = await read(doc(`<Eleve IDPN="A1" Ident="101"><Responsable IDPN="R1" Ident="201"/></Eleve>
<Eleve IDPN="A2" Ident="102"><Responsable Ident="201"/></Eleve>
<Responsables><Responsable IDPN="R1" Nom="DUPONT" Prenom="Marc" IDCAS="ent-9"><Enfant IDPN="A3"/></Responsable></Responsables>
<Eleve IDPN="A3"/>`))
  const parents = entries.filter((e) => e.kind === 'parent')
  t.equal(parents.length, 1)
  t.match(parents[0], { idpn: 'R1', nom: 'DUPONT', prenom: 'Marc', casId: 'ent-9', children: ['A1', 'A2', 'A3'] })
})

t.test('a top-level Responsable names its children by IDPN or Ident, in Enfant elements or attributes', async (t) => {
  const entries = await read(doc(`<Eleves><Eleve IDPN="A1" Ident="101"/><Eleve IDPN="A2" Ident="102"/><Eleve IDPN="A3" Ident="103"/></Eleves>
<Responsables>
  <Responsable IDPN="R1"><Enfant Ident="101"/><Enfant><Ident>102</Ident></Enfant><Enfant><IDPN>A3</IDPN></Enfant></Responsable>
  <Responsable IDPN="R2" IdentEnfants="101 103"/>
  <Responsable IDPN="R3" IDPNEnfant="A2"/>
  <Responsable IDPN="R4"><Enfants><Enfant>A1</Enfant></Enfants></Responsable>
  <Responsable IDPN="R5"><Enfant Ident="999"/></Responsable>
</Responsables>`))
  const children = Object.fromEntries(entries.filter((e) => e.kind === 'parent').map((e) => [e.idpn, e.children]))
  t.same(children, { R1: ['A1', 'A2', 'A3'], R2: ['A1', 'A3'], R3: ['A2'], R4: ['A1'], R5: [] })
})

t.test('plural containers hold the entries; Sexe, NumeroNational and other fields are ignored', async (t) => {
  const entries = await read(doc(`<Eleves><Eleve IDPN="A1" Sexe="F" NumeroNational="123456789AB"><Classe>2NDE4</Classe><Nom>DUPONT</Nom></Eleve></Eleves>
<Professeurs><Professeur IDPN="P1"><Sexe>M</Sexe><Nom>LEFÈVRE</Nom></Professeur></Professeurs>
<Personnels><Personnel IDPN="S1" Nom="GARCIA"/></Personnels>
<Responsables><Responsable IDPN="R1" Nom="DUPONT"><Enfant IDPN="A1"/></Responsable></Responsables>`))
  t.same(entries.map((e) => [e.kind, e.idpn, e.nom]), [['pupil', 'A1', 'DUPONT'], ['teacher', 'P1', 'LEFÈVRE'], ['staff', 'S1', 'GARCIA'], ['parent', 'R1', 'DUPONT']])
})

t.test('element and attribute names are read case-insensitively in every shape', async (t) => {
  const entries = await read(doc('<ELEVES><eleve idpn="A1" idcas="x"><RESPONSABLE IdPn="R1"/></eleve></ELEVES>', 'identifiantspronote'))
  t.match(entries, [{ kind: 'pupil', idpn: 'A1', casId: 'x' }, { kind: 'parent', idpn: 'R1', children: ['A1'] }])
})

t.test('only the known export roots are read: any other root is refused, naming it', async (t) => {
  for (const root of EXPORT_ROOTS) t.equal((await read(doc('<Eleve IDPN="A1"/>', root))).length, 1, root)
  await refused(t, ['<svg xmlns="http://www.w3.org/2000/svg"><Eleve IDPN="A1"/></svg>'], 'NOT_AN_EXPORT', /^ligne 1 : élément racine <svg> inconnu : un export PRONOTE a pour racine <EXPORT_INDEX_EDUCATION> ou <IdentifiantsPRONOTE>/)
  await refused(t, doc('<Eleve IDPN="A1"/>', 'Eleves'), 'NOT_AN_EXPORT', /<Eleves> inconnu/)
})

t.test('an IDPN still names one person: a pupil and a parent sharing one are refused', async (t) => {
  await refused(t, doc('<Eleve IDPN="A1"><Responsable IDPN="A1"/></Eleve>'), 'DUPLICATE_IDPN', /IDPN A1 en double/)
  await refused(t, doc('<Responsable IDPN="R1"/><Eleve IDPN="R1"/>'), 'DUPLICATE_IDPN', /IDPN R1 en double/)
  await refused(t, doc('<Responsable IDPN="R1"><Enfant/></Responsable>'), 'ENTRY_INVALID', /enfant sans IDPN ni Ident/)
})
