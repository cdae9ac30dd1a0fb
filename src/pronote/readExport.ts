import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { SaxesParser } from 'saxes'
import { decodeXmlBytes } from './decodeXmlBytes.js'
import { EntryBuilder } from './EntryBuilder.js'
import type { ExportEntry, ExportHeader } from './ExportEntry.js'
import { ImportError } from './ImportError.js'
import { xmlErrorMessage } from './xmlErrorMessage.js'

/** An export to read: a file path, or the bytes themselves (an HTTP body, a test string). */
export type ExportSource = { path: string } | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>

const isPath = (s: ExportSource): s is { path: string } =>
  typeof s === 'object' && !(Symbol.asyncIterator in s) && !(Symbol.iterator in s)

/** Default size limit of an export (IMPORT_MAX_BYTES): 50 MiB. */
export const DEFAULT_MAX_IMPORT_BYTES = 50 * 1024 * 1024

export interface ReadExportOptions {
  /** Each entry, as soon as it is read and checked. */
  onEntry: (entry: ExportEntry) => void
  maxBytes?: number
  /** Refuse the file as soon as it names another establishment. */
  expectedUai?: string
}

async function * bytesOf (source: ExportSource, maxBytes: number): AsyncGenerator<Uint8Array | string> {
  const reason = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? String(err)
  if (!isPath(source)) {
    try {
      yield * source
    } catch (err) {
      throw new ImportError('READ_FAILED', `lecture du fichier interrompue (${reason(err)})`)
    }
    return
  }
  let size: number
  try { size = (await stat(source.path)).size } catch (err) {
    throw new ImportError('READ_FAILED', `fichier illisible : ${source.path} (${reason(err)})`)
  }
  if (size > maxBytes) throw new ImportError('TOO_LARGE', `fichier trop volumineux : ${source.path} dépasse ${Math.round(maxBytes / 1048576 * 10) / 10} Mio`)
  try {
    yield * createReadStream(source.path)
  } catch (err) {
    throw new ImportError('READ_FAILED', `fichier illisible : ${source.path} (${reason(err)})`)
  }
}

/**
 * Reads a PRONOTE identifier export (docs/pronote.md) as a stream: the document is never held whole,
 * each entry goes to onEntry as soon as it is closed. Names of elements and attributes compare
 * case- and accent-insensitively, fields may be attributes or child elements, an
 * EXPORT_INDEX_EDUCATION envelope is unwrapped. A DOCTYPE is refused outright, so no entity is
 * ever expanded. Throws nothing but ImportError, whatever the input.
 */
export async function readExport (source: ExportSource, options: ReadExportOptions): Promise<ExportHeader> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES
  const parser = new SaxesParser({ xmlns: false, position: true })
  const builder = new EntryBuilder(options.expectedUai, options.onEntry, () => parser.line)
  parser.on('doctype', () => {
    throw new ImportError('DTD_FORBIDDEN', 'déclaration DOCTYPE refusée : DTD et entités ne sont pas acceptées dans un export PRONOTE', parser.line)
  })
  parser.on('opentag', (node) => { builder.open(node.name, node.attributes) })
  parser.on('text', (text) => { builder.text(text) })
  parser.on('cdata', (text) => { builder.text(text) })
  parser.on('closetag', () => { builder.close() })
  try {
    for await (const text of decodeXmlBytes(bytesOf(source, maxBytes), maxBytes)) parser.write(text)
    parser.close()
  } catch (err) {
    if (err instanceof ImportError) throw err
    // saxes reports by throwing a plain Error; anything else unexpected is still the file's fault.
    throw new ImportError('XML_MALFORMED', xmlErrorMessage(err instanceof Error ? err.message : String(err)), parser.line)
  }
  return builder.header()
}
