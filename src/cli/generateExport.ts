// `node dist/cli/generateExport.js N OUT_DIR [SEED] [--partner NAME --public-key FILE]`: a synthetic
// PRONOTE export of N entries (OUT_DIR/IdPN_To_KOSMOS.xml) and a file directory of the same people
// (OUT_DIR/users.json), all with the password "demo", for trying an import at scale. With
// --partner and --public-key, the export is encrypted for that ENT partner, as PRONOTE sends it.
// `node dist/cli/generateExport.js --encrypt PLAIN.xml --out FILE --uai UAI --partner NAME
// --public-key FILE`: an existing plain export, encrypted the same way (the demo sample is made so).
import { createPublicKey, type KeyObject } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { hashPassword } from '../directory/password.js'
import { encryptExport } from '../pronote/encryptExport.js'
import { generateExport } from '../pronote/generateExport.js'

const USAGE = `Usage :
  node dist/cli/generateExport.js NOMBRE_D_ENTREES DOSSIER [GRAINE] [--partner NOM --public-key CLE.pub.pem]
  node dist/cli/generateExport.js --encrypt EXPORT.xml --out FICHIER --uai UAI --partner NOM --public-key CLE.pub.pem
`
function fail (message: string): never {
  process.stderr.write(`Erreur : ${message}\n${USAGE}`)
  process.exit(2)
}

let parsed: ReturnType<typeof parseArgs<{ allowPositionals: true, options: Record<'partner' | 'public-key' | 'encrypt' | 'out' | 'uai' | 'name', { type: 'string' }> }>>
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { partner: { type: 'string' }, 'public-key': { type: 'string' }, encrypt: { type: 'string' }, out: { type: 'string' }, uai: { type: 'string' }, name: { type: 'string' } }
  })
} catch (err) { fail((err as Error).message) }
const { values, positionals } = parsed
if ((values.partner === undefined) !== (values['public-key'] === undefined)) fail('--partner et --public-key vont ensemble')
let publicKey: KeyObject | undefined
if (values['public-key'] !== undefined) {
  try { publicKey = createPublicKey(await readFile(values['public-key'], 'utf8')) } catch (err) { fail(`clé publique illisible : ${values['public-key']} (${(err as Error).message})`) }
}
const partners = publicKey === undefined ? [] : [{ name: values.partner as string, publicKey }]

if (values.encrypt !== undefined) {
  if (values.out === undefined || values.uai === undefined || partners.length === 0) fail('--encrypt demande --out, --uai, --partner et --public-key')
  const plain = await readFile(values.encrypt).catch((err: Error) => fail(`fichier illisible : ${values.encrypt} (${err.message})`))
  await writeFile(values.out, encryptExport(plain, { partners, uai: values.uai, ...(values.name === undefined ? {} : { establishmentName: values.name }) }))
  process.stderr.write(`${values.encrypt} chiffré pour ${values.partner as string} dans ${values.out}\n`)
  process.exit(0)
}

const [entries, out, seed] = [Number(positionals[0]), positionals[1], Number(positionals[2] ?? 1)]
if (!Number.isInteger(entries) || entries < 1 || out === undefined) fail('nombre d\'entrées et dossier attendus')
await mkdir(out, { recursive: true })
const generated = generateExport({ entries, seed })
const file = join(out, 'IdPN_To_KOSMOS.xml')
if (partners.length === 0) await pipeline(Readable.from(generated.xml()), createWriteStream(file))
else await writeFile(file, generated.encrypted(partners))
const passwordHash = await hashPassword('demo') // one hash for all: scrypt per user would take minutes
await writeFile(join(out, 'users.json'), JSON.stringify(generated.people.map(({ directoryId: _id, dateNaissance, ...p }) =>
  ({ login: p.uid, passwordHash, ...p, ...(dateNaissance === undefined ? {} : { dateNaissance }) }))))
process.stderr.write(`${entries} entrées écrites dans ${out}${partners.length === 0 ? '' : ` (chiffrées pour ${values.partner as string})`}\n`)
