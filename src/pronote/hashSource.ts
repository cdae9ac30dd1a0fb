import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { ExportSource } from './readExport.js'

/** SHA-256 of a file, in hex, read as a stream. */
export async function sha256File (path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** The source, hashed as it is read; the digest is ready once the parser has read it all. */
export function hashing (source: Exclude<ExportSource, { path: string }>): { source: ExportSource, digest: () => string } {
  const hash = createHash('sha256')
  async function * tee (): AsyncGenerator<Uint8Array | string> {
    for await (const chunk of source) { hash.update(chunk); yield chunk }
  }
  return { source: tee(), digest: () => hash.digest('hex') }
}
