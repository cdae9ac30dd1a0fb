import { createPublicKey } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Directory } from '../../src/directory/Directory.js'
import { FileDirectory } from '../../src/directory/FileDirectory.js'
import { hashPassword } from '../../src/directory/password.js'
import { encryptExport } from '../../src/pronote/encryptExport.js'
import { adminsFile } from './consoleHelpers.js'

export const ADMIN = { login: 'claire.moreau', password: 'Console-2026' }

/**
 * The people of the sample export (test/fixtures/pronote/): two pupils named Hugo MARTIN born the
 * same day (a homonym pair), and Élodie ROUX whose child is not found (unmatched); plus the
 * admin, claire.moreau, attached to no establishment so that matching never sees her.
 */
export async function importDirectories (): Promise<Directory[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sesame-console-import-'))
  const users = join(dir, 'users.json')
  const people = JSON.parse(readFileSync('test/fixtures/pronote/sample-directory.json', 'utf8')) as unknown[]
  writeFileSync(users, JSON.stringify([...people, { login: ADMIN.login, uid: ADMIN.login, nom: 'MOREAU', prenom: 'Claire', profiles: ['National_DIR'], uais: [], passwordHash: await hashPassword(ADMIN.password) }]))
  return [await FileDirectory.load('annuaire', 'Annuaire', users)]
}

export const importAdmins = (): string => adminsFile([{ uid: ADMIN.login, establishments: ['0340000X'] }, { uid: 'ops.autre', establishments: ['0340001Y'] }])

/** The sample export encrypted as PRONOTE sends it, for the demo partner whose key the demo ships. */
export function encryptedSample (): Buffer {
  const publicKey = createPublicKey(readFileSync('config/demo/pronote-partenaire-demo.pub.pem'))
  return Buffer.from(encryptExport(readFileSync('test/fixtures/pronote/IdPN_sample.xml'), { partners: [{ name: 'SESAME-DEMO', publicKey }], uai: '0340000X' }))
}

/** A multipart/form-data body, as a browser posts a file input. */
export function multipart (fields: Record<string, string>, file: { field: string, name: string, bytes: Buffer }): { payload: Buffer, headers: Record<string, string> } {
  const boundary = '----sesame-test-boundary'
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: application/xml\r\n\r\n`), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}
