import { constants, createHash, generateKeyPairSync, type KeyObject, publicEncrypt } from 'node:crypto'
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import t, { type Test } from 'tap'
import { encryptExport, type EncryptExportOptions } from '../../src/pronote/encryptExport.js'
import type { ExportEntry } from '../../src/pronote/ExportEntry.js'
import type { ExportPartner } from '../../src/pronote/ExportPartner.js'
import { ImportError } from '../../src/pronote/ImportError.js'
import { readExport } from '../../src/pronote/readExport.js'
import { fixture } from '../fixtures/pronote/memoryDirectory.js'

// Throwaway key pairs, made for this run: the tests never depend on the demo material.
const pair = (): { publicKey: KeyObject, privateKey: KeyObject } => generateKeyPairSync('rsa', { modulusLength: 2048 })
const ours = pair()
const theirs = pair()
const PARTNER: ExportPartner = { name: 'SESAME-TEST', privateKey: ours.privateKey }
const PLAIN = readFileSync(fixture('IdPN_sample.xml'))

const encrypted = (options: Partial<EncryptExportOptions> = {}, xml = PLAIN): string =>
  encryptExport(xml, { partners: [{ name: 'SESAME-TEST', publicKey: ours.publicKey }], uai: '0340000X', establishmentName: 'LYCEE JOFFRE', ...options })

async function read (file: string, options: { partner?: ExportPartner, expectedUai?: string } = { partner: PARTNER }): Promise<{ uai: string, name?: string, entries: ExportEntry[] }> {
  const entries: ExportEntry[] = []
  const header = await readExport([file], { onEntry: (e) => entries.push(e), ...options })
  return { uai: header.uai, ...(header.name === undefined ? {} : { name: header.name }), entries }
}
async function refused (t: Test, file: string, code: string, message: RegExp, options?: { partner?: ExportPartner, expectedUai?: string }): Promise<void> {
  const err = await read(file, options).then(() => undefined, (e: unknown) => e)
  t.type(err, ImportError)
  t.match(err, { code, message })
}
/** The file with the text of one element replaced. */
const withElement = (file: string, name: string, text: (old: string) => string): string =>
  file.replace(new RegExp(`(<${name}[^>]*>)([^<]*)(</${name}>)`), (_m, open: string, old: string, close: string) => `${open}${text(old)}${close}`)

const plainEntries = async (): Promise<ExportEntry[]> => {
  const entries: ExportEntry[] = []
  await readExport([PLAIN], { onEntry: (e) => entries.push(e) })
  return entries
}

t.test('an export encrypted for our partner name reads exactly as the plain export it holds', async (t) => {
  const { uai, name, entries } = await read(encrypted())
  t.equal(uai, '0340000X')
  t.equal(name, 'LYCEE JOFFRE')
  t.same(entries, await plainEntries())
})

t.test('content compressed or not, zlib or raw deflate, VERIFICATION in base64 or hex: all read', async (t) => {
  const expected = await plainEntries()
  for (const options of [{ compress: false }, { compress: true }, { rawDeflate: true }, { verification: 'hex' as const }, { compress: false, verification: 'hex' as const }]) {
    t.same((await read(encrypted(options))).entries, expected, JSON.stringify(options))
  }
  t.match(encrypted({ compress: false }), /CompresseAvantChiffrement="false"/)
})

t.test('CompresseAvantChiffrement absent means compressed, as the container schema says', async (t) => {
  t.same((await read(encrypted().replace(' CompresseAvantChiffrement="true"', ''))).entries, await plainEntries())
})

t.test('the partner is found by name among several, case aside', async (t) => {
  const file = encrypted({ partners: [{ name: 'AUTRE-ENT', publicKey: theirs.publicKey }, { name: 'sesame-test', publicKey: ours.publicKey }] })
  t.equal((await read(file)).entries.length, 8)
})

t.test('an export encrypted for other partners only is refused, naming the partners it is for', async (t) => {
  const file = encrypted({ partners: [{ name: 'AUTRE-ENT', publicKey: theirs.publicKey }, { name: 'ENT-REGION', publicKey: theirs.publicKey }] })
  await refused(t, file, 'PARTNER_UNKNOWN', /^fichier chiffré pour AUTRE-ENT, ENT-REGION, pas pour SESAME-TEST/)
})

t.test('the wrong private key is refused in one line, and nothing is read', async (t) => {
  let entries = 0
  const err = await readExport([encrypted()], { onEntry: () => { entries++ }, partner: { name: 'SESAME-TEST', privateKey: theirs.privateKey } }).catch((e: unknown) => e)
  t.match(err, { code: 'KEY_MISMATCH', message: /ne s'ouvre pas avec la clé privée configurée/ })
  t.equal(entries, 0)
  const small = generateKeyPairSync('rsa', { modulusLength: 1024 })
  await refused(t, encrypted(), 'KEY_MISMATCH', /fait 256 octets, la clé privée configurée en attend 128/, { partner: { name: 'SESAME-TEST', privateKey: small.privateKey } })
})

t.test('an altered RSA block is refused like a wrong key, a bad MD5 inside it too (one answer: no padding oracle)', async (t) => {
  const file = encrypted()
  const flipped = withElement(file, 'PARTENAIRE', (old) => {
    const block = Buffer.from(old.replace(/\s/g, ''), 'base64')
    block[100] = (block[100] as number) ^ 1
    return block.toString('base64')
  })
  await refused(t, flipped, 'KEY_MISMATCH', /mauvaise clé, ou fichier altéré/)
  // A well-padded block whose MD5 is wrong: same code, same message.
  const badSum = Buffer.alloc(48, 7)
  const forged = withElement(file, 'PARTENAIRE', () => publicEncrypt({ key: ours.publicKey, padding: constants.RSA_PKCS1_PADDING }, badSum).toString('base64'))
  await refused(t, forged, 'KEY_MISMATCH', /mauvaise clé, ou fichier altéré/)
  // The same block with a right MD5 opens: the MD5 is what refused it above.
  const key = Buffer.alloc(32, 7)
  const good = Buffer.concat([key, createHash('md5').update(key).digest()])
  const reforged = withElement(file, 'PARTENAIRE', () => publicEncrypt({ key: ours.publicKey, padding: constants.RSA_PKCS1_PADDING }, good).toString('base64'))
  await refused(t, reforged, 'CONTENT_ALTERED', /fichier altéré ou incomplet/)
})

t.test('altered content is refused as altered: SHA-256 mismatch or undecipherable', async (t) => {
  const file = encrypted({ compress: false })
  // One bit of the last-but-one block: the padding still checks, the SHA-256 does not.
  const altered = withElement(file, 'CONTENU', (old) => {
    const bytes = Buffer.from(old.replace(/\s/g, ''), 'base64')
    bytes[bytes.length - 40] = (bytes[bytes.length - 40] as number) ^ 1
    return bytes.toString('base64')
  })
  await refused(t, altered, 'CONTENT_ALTERED', /^fichier altéré ou incomplet : l'empreinte SHA-256/)
  await refused(t, withElement(file, 'VERIFICATION', () => 'a'.repeat(64)), 'CONTENT_ALTERED', /SHA-256/)
  // The last block cut off: the AES padding fails.
  const cut = withElement(file, 'CONTENU', (old) => Buffer.from(old.replace(/\s/g, ''), 'base64').subarray(0, -16).toString('base64'))
  await refused(t, cut, 'CONTENT_ALTERED', /fichier altéré ou incomplet/)
  const compressed = encrypted()
  const alteredCompressed = withElement(compressed, 'CONTENU', (old) => {
    const bytes = Buffer.from(old.replace(/\s/g, ''), 'base64')
    bytes[20] = (bytes[20] as number) ^ 0xff
    return bytes.toString('base64')
  })
  await refused(t, alteredCompressed, 'CONTENT_ALTERED', /fichier altéré ou incomplet/)
})

t.test('a truncated file is refused as incomplete, wherever it is cut', async (t) => {
  const file = encrypted()
  for (const at of [0.2, 0.5, 0.8, 0.97]) {
    await refused(t, file.slice(0, Math.floor(file.length * at)), 'CONTAINER_INVALID', /fichier chiffré incomplet/)
  }
})

t.test('bad base64 in CONTENU, a PARTENAIRE block or VERIFICATION is refused, naming the element', async (t) => {
  const file = encrypted()
  await refused(t, withElement(file, 'CONTENU', (old) => old.replace(/A/, '*')), 'CONTAINER_INVALID', /^CONTENU : base64 invalide/)
  await refused(t, withElement(file, 'CONTENU', (old) => old.replace(/\s*$/, '') + 'AB'), 'CONTAINER_INVALID', /^CONTENU : base64 invalide/)
  await refused(t, withElement(file, 'PARTENAIRE', (old) => old.slice(0, -3)), 'CONTAINER_INVALID', /^PARTENAIRE SESAME-TEST : base64 invalide/)
  await refused(t, withElement(file, 'VERIFICATION', () => '%%%'), 'CONTAINER_INVALID', /^VERIFICATION : base64 invalide/)
})

t.test('a container of another establishment is refused, even when its content names none', async (t) => {
  await refused(t, encrypted({ uai: '0750001A' }), 'UAI_MISMATCH', /établissement 0750001A, pas de 0340000X/, { partner: PARTNER, expectedUai: '0340000X' })
  const anonymous = Buffer.from(PLAIN.toString().replace(' UAI="0340000X"', ''))
  const { uai } = await read(encrypted({}, anonymous))
  t.equal(uai, '0340000X', 'the container\'s UAI names the establishment')
  await refused(t, encrypted({ uai: '0750001A' }, anonymous), 'UAI_MISMATCH', /0750001A/, { partner: PARTNER, expectedUai: '0340000X' })
})

t.test('an encrypted export without partner settings is refused, naming the settings', async (t) => {
  await refused(t, encrypted(), 'PARTNER_MISSING', /PRONOTE_PARTNER_NAME et PRONOTE_PARTNER_KEY_FILE/, {})
})

t.test('the content is checked like a plain export: root, DOCTYPE, entries', async (t) => {
  await refused(t, encrypted({}, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')), 'NOT_AN_EXPORT', /racine <svg> inconnu/)
  await refused(t, encrypted({}, Buffer.from('<!DOCTYPE x [<!ENTITY a "b">]><IdentifiantsPRONOTE/>')), 'DTD_FORBIDDEN', /DOCTYPE/)
  await refused(t, encrypted({}, Buffer.from('<IdentifiantsPRONOTE UAI="0340000X"><Eleve Nom="X"/></IdentifiantsPRONOTE>')), 'ENTRY_INVALID', /sans IDPN/)
})

t.test('the demo sample opens with the demo partner key and holds the plain sample', async (t) => {
  const demo = { name: 'SESAME-DEMO', privateKey: (await import('node:crypto')).createPrivateKey(readFileSync('config/demo/pronote-partenaire-demo.key.pem')) }
  const entries: ExportEntry[] = []
  await readExport({ path: 'config/demo/IdPN_To_KOSMOS_0340000X.xml' }, { onEntry: (e) => entries.push(e), partner: demo, expectedUai: '0340000X' })
  t.same(entries, await plainEntries())
})

t.test('whatever is done to an encrypted file, reading it throws nothing but ImportError', async () => {
  const files = [encrypted(), encrypted({ compress: false })]
  await fc.assert(fc.asyncProperty(fc.constantFrom(...files), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('flip', 'cut', 'drop', 'insert'), fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 3 }), async (file, edits) => {
    let text = file
    for (const [at, what, s] of edits) {
      const i = Math.floor(at * text.length)
      if (what === 'cut') text = text.slice(0, i)
      else if (what === 'drop') text = text.slice(0, i) + text.slice(i + 1 + s.length)
      else if (what === 'insert') text = text.slice(0, i) + s + text.slice(i)
      else text = text.slice(0, i) + String.fromCharCode((text.charCodeAt(i) ^ 1) || 65) + text.slice(i + 1)
    }
    const err = await read(text).then(() => undefined, (e: unknown) => e)
    return err === undefined || err instanceof ImportError
  }), { numRuns: 300 })
})

t.test('CONTENU is deciphered and read as it arrives, not once the whole of it is in', async (t) => {
  // Uncompressed, so that nothing but the reading decides when entries come out (inflating runs
  // on libuv's pool, whose timing no test should depend on).
  const file = encrypted({ compress: false })
  const chunks = file.match(/[^]{1,64}/g) as string[]
  const closing = chunks.findIndex((_c, i) => chunks.slice(0, i + 1).join('').includes('</CONTENU>'))
  let yielded = 0
  let atFirstEntry = -1
  function * source (): Generator<string> {
    for (const c of chunks) {
      yielded++
      yield c
    }
  }
  await readExport(source(), { onEntry: () => { if (atFirstEntry === -1) atFirstEntry = yielded }, partner: PARTNER })
  t.ok(atFirstEntry > 0 && atFirstEntry < closing, `first entry after chunk ${atFirstEntry}, CONTENU closes in chunk ${closing + 1}`)
})

t.test('a malformed container after CONTENU is refused with the line of the file', async (t) => {
  const file = encrypted().replace('<DATEHEURE>', '<DATEHEURE><')
  const line = file.slice(0, file.indexOf('<DATEHEURE>')).split('\n').length
  await refused(t, file, 'XML_MALFORMED', new RegExp(`^ligne ${line} : XML mal formé`))
})
