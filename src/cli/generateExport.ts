// `node dist/cli/generateExport.js N OUT_DIR [SEED]`: a synthetic PRONOTE export of N entries
// (OUT_DIR/IdPN_To_KOSMOS.xml) and a file directory of the same people (OUT_DIR/users.json), all
// with the password "demo", for trying an import at scale.
import { createWriteStream } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { hashPassword } from '../directory/password.js'
import { generateExport } from '../pronote/generateExport.js'

const [entries, out, seed] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4] ?? 1)]
if (!Number.isInteger(entries) || entries < 1 || out === undefined) {
  process.stderr.write('Usage : node dist/cli/generateExport.js NOMBRE_D_ENTREES DOSSIER [GRAINE]\n')
  process.exit(2)
}
await mkdir(out, { recursive: true })
const generated = generateExport({ entries, seed })
await pipeline(Readable.from(generated.xml()), createWriteStream(join(out, 'IdPN_To_KOSMOS.xml')))
const passwordHash = await hashPassword('demo') // one hash for all: scrypt per user would take minutes
await writeFile(join(out, 'users.json'), JSON.stringify(generated.people.map(({ directoryId: _id, dateNaissance, ...p }) =>
  ({ login: p.uid, passwordHash, ...p, ...(dateNaissance === undefined ? {} : { dateNaissance }) }))))
process.stderr.write(`${entries} entrées écrites dans ${out}\n`)
