import fc from 'fast-check'
import t, { type Test } from 'tap'
import type { ExportEntry } from '../../src/pronote/ExportEntry.js'
import { ImportError } from '../../src/pronote/ImportError.js'
import { readExport } from '../../src/pronote/readExport.js'
import { fixture } from '../fixtures/pronote/memoryDirectory.js'

// The sample export whose shape docs/pronote.md describes.
const SAMPLE = fixture('IdPN_sample.xml')

async function read (source: Parameters<typeof readExport>[0], expectedUai?: string): Promise<{ uai: string, name?: string, entries: ExportEntry[] }> {
  const entries: ExportEntry[] = []
  const header = await readExport(source, { onEntry: (e) => entries.push(e), expectedUai })
  return { uai: header.uai, ...(header.name === undefined ? {} : { name: header.name }), entries }
}
const xml = (body: string, root = '<IdentifiantsPRONOTE UAI="0340000X">'): string[] => [`<?xml version="1.0"?>\n${root}\n${body}\n</IdentifiantsPRONOTE>`]
async function refused (t: Test, source: Parameters<typeof readExport>[0], code: string, message: RegExp, expectedUai?: string): Promise<void> {
  const err = await read(source, expectedUai).then(() => undefined, (e: unknown) => e)
  t.type(err, ImportError)
  t.match(err, { code, message })
}

t.test('the sample export is read: UAI, establishment name, every entry with its fields', async (t) => {
  const { uai, name, entries } = await read({ path: SAMPLE })
  t.equal(uai, '0340000X')
  t.equal(name, 'LYCEE JOFFRE')
  // Parents come last: one may be mentioned again further on, so they are merged before they go out.
  t.same(entries.map((e) => e.kind), ['pupil', 'pupil', 'pupil', 'pupil', 'teacher', 'staff', 'parent', 'parent'])
  t.same(entries[0], { kind: 'pupil', idpn: 'A8BT6EGHDW3QFPXC', nom: 'DUPONT', prenom: 'Léa', dateNaissance: '2010-03-12', children: [], line: 6 })
  t.equal(entries[1]?.casId, 'ancien-ent-55121', 'IdentifiantCAS is kept when not empty')
  t.same(entries[6]?.children, ['A8BT6EGHDW3QFPXC'], 'a Responsable lists its Enfant IDPNs')
  t.equal(entries[6]?.line, 10, 'a parent keeps the line where it appears')
  t.equal(entries[5]?.dateNaissance, undefined, 'no DateNaissance, no date')
})

t.test('names are case-insensitive and fields may be child elements (and the UAI a child of the root)', async (t) => {
  const { uai, entries } = await read({ path: fixture('lowercase-children.xml') })
  t.equal(uai, '0340000X')
  t.match(entries, [
    { kind: 'pupil', idpn: 'A8BT6EGHDW3QFPXC', nom: 'dupont', prenom: 'lea', dateNaissance: '2010-03-12' },
    { kind: 'teacher', idpn: 'K9M2N4B6V8C1X3ZA', nom: 'Lefevre', prenom: 'anne sophie', dateNaissance: '1980-05-02' },
    { kind: 'parent', idpn: 'P4LK9JH2GF6DS3AQ', nom: 'Dupont', prenom: 'Marc', children: ['A8BT6EGHDW3QFPXC'] }
  ])
  t.equal(entries[0]?.casId, undefined, 'an empty IdentifiantCAS element is no CAS identifier')
})

t.test('an EXPORT_INDEX_EDUCATION envelope is unwrapped and may carry the UAI', async (t) => {
  const { uai, name, entries } = await read({ path: fixture('envelope.xml') })
  t.equal(uai, '0340000X')
  t.equal(name, 'LYCEE JOFFRE')
  t.same(entries.map((e) => e.idpn), ['R5T7Y9U1I3O5P7AS', 'K9M2N4B6V8C1X3ZA'])
})

t.test('a DOCTYPE is refused: billion laughs and XXE never expand', async (t) => {
  await refused(t, { path: fixture('billion-laughs.xml') }, 'DTD_FORBIDDEN', /DOCTYPE/)
  await refused(t, { path: fixture('xxe.xml') }, 'DTD_FORBIDDEN', /ligne \d+ : .*DOCTYPE/)
})

t.test('an entity reference without DTD is malformed XML', async (t) => {
  await refused(t, xml('<Eleve IDPN="A1" Nom="&xxe;" Prenom="x"/>'), 'XML_MALFORMED', /entité non définie/)
})

t.test('malformed XML is refused with its line number, in French', async (t) => {
  await refused(t, { path: fixture('malformed.xml') }, 'XML_MALFORMED', /^ligne 4 : XML mal formé : balise/)
  await refused(t, [''], 'XML_MALFORMED', /aucun élément/)
  await refused(t, ['not xml at all'], 'XML_MALFORMED', /XML mal formé/)
})

t.test('a file of another establishment is refused as soon as its UAI is read', async (t) => {
  let reads = 0
  async function * source (): AsyncGenerator<string> {
    reads++; yield '<IdentifiantsPRONOTE UAI="0750001A">'
    reads++; yield '<Eleve IDPN="A1" Nom="X" Prenom="Y"/></IdentifiantsPRONOTE>'
  }
  await refused(t, source(), 'UAI_MISMATCH', /0750001A.*0340000X/, '0340000X')
  t.equal(reads, 1, 'the rest of the file is not read')
})

t.test('a file without UAI, with two UAIs, or without entries is refused', async (t) => {
  await refused(t, xml('<Eleve IDPN="A1" Nom="X" Prenom="Y"/>', '<IdentifiantsPRONOTE>'), 'UAI_MISSING', /établissement/)
  await refused(t, ['<EXPORT_INDEX_EDUCATION UAI="0340000X"><IdentifiantsPRONOTE UAI="0750001A"/></EXPORT_INDEX_EDUCATION>'], 'NOT_AN_EXPORT', /deux établissements/)
  await refused(t, xml(''), 'NOT_AN_EXPORT', /aucune entrée/)
  await refused(t, xml('', '<IdentifiantsPRONOTE UAI="34">'), 'NOT_AN_EXPORT', /UAI « 34 » invalide/)
})

t.test('entries are checked: IDPN present, valid and unique; birth date DD/MM/YYYY', async (t) => {
  await refused(t, xml('<Eleve Nom="X" Prenom="Y"/>'), 'ENTRY_INVALID', /^ligne 3 : <Eleve> sans IDPN/)
  await refused(t, xml('<Eleve IDPN="A 1" Nom="X" Prenom="Y"/>'), 'ENTRY_INVALID', /IDPN « A 1 » invalide/)
  await refused(t, xml('<Eleve IDPN="A1"/>\n<Professeur IDPN="A1"/>'), 'DUPLICATE_IDPN', /^ligne 4 : IDPN A1 en double \(déjà ligne 3\)/)
  await refused(t, xml('<Eleve IDPN="A1" DateNaissance="31/02/2010"/>'), 'ENTRY_INVALID', /date de naissance « 31\/02\/2010 »/)
  await refused(t, xml(`<Eleve IDPN="A1"><Nom>${'x'.repeat(2000)}</Nom></Eleve>`), 'ENTRY_INVALID', /valeur de plus de/)
})

t.test('a file over the size limit is refused', async (t) => {
  const entries: ExportEntry[] = []
  const err = await readExport(xml('<Eleve IDPN="A1"/>'.repeat(100)), { onEntry: (e) => entries.push(e), maxBytes: 500 }).catch((e: unknown) => e)
  t.match(err, { code: 'TOO_LARGE', message: /trop volumineux/ })
  t.match(await readExport({ path: SAMPLE }, { onEntry: () => {}, maxBytes: 100 }).catch((e: unknown) => e), { code: 'TOO_LARGE' })
})

t.test('an unreadable file is refused with its name', async (t) => {
  await refused(t, { path: 'test/fixtures/pronote/nope.xml' }, 'READ_FAILED', /nope\.xml.*ENOENT/)
})

t.test('ISO-8859-1 files are decoded per their XML declaration; undeclared Latin-1 is refused', async (t) => {
  const body = '<?xml version="1.0" encoding="ISO-8859-1"?><IdentifiantsPRONOTE UAI="0340000X"><Eleve IDPN="A1" Nom="LEFÈVRE" Prenom="Léa"/></IdentifiantsPRONOTE>'
  const { entries } = await read([Buffer.from(body, 'latin1')])
  t.equal(entries[0]?.nom, 'LEFÈVRE')
  await refused(t, [Buffer.from(body.replace(' encoding="ISO-8859-1"', ''), 'latin1')], 'ENCODING', /UTF-8/)
  await refused(t, [Buffer.from(body.replace('ISO-8859-1', 'x-klingon'), 'latin1')], 'ENCODING', /x-klingon/)
})

t.test('a stream cut anywhere, even inside a multi-byte character, reads the same', async (t) => {
  const text = '<IdentifiantsPRONOTE UAI="0340000X"><Eleve IDPN="A1" Nom="LEFÈVRE" Prenom="Zoé"/></IdentifiantsPRONOTE>'
  const bytes = Buffer.from(text)
  for (let cut = 1; cut < bytes.length; cut += 3) {
    const { entries } = await read([bytes.subarray(0, cut), bytes.subarray(cut)])
    t.equal(entries[0]?.nom, 'LEFÈVRE')
  }
})

t.test('the parser throws nothing but ImportError, whatever the input', async () => {
  const pieces = ['<', '>', '/', '<!DOCTYPE x>', '<Eleve', ' IDPN="A1"', '<IdentifiantsPRONOTE UAI="0340000X">', '</IdentifiantsPRONOTE>', '<EXPORT_INDEX_EDUCATION>', '<CLES>', '<PARTENAIRE NOM="X">', '<CONTENU>', 'QUJD', '</CONTENU>', '&', '&amp;', ']]>', '<![CDATA[', '<?xml?>', '"', 'é', '\u0000', '<Responsable IDPN="B">', '<Enfant>', '</Enfant>']
  await fc.assert(fc.asyncProperty(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string())), async (parts) => {
    const err = await read([parts.join('')]).then(() => undefined, (e: unknown) => e)
    return err === undefined || err instanceof ImportError
  }), { numRuns: 500 })
})
