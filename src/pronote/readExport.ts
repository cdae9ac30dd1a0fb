import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { SaxesParser } from 'saxes'
import { ContentSink } from './ContentSink.js'
import { decodeXmlBytes } from './decodeXmlBytes.js'
import { EnvelopeReader } from './EnvelopeReader.js'
import { EntryBuilder } from './EntryBuilder.js'
import type { ExportEntry, ExportHeader } from './ExportEntry.js'
import type { ExportPartner } from './ExportPartner.js'
import { EXPORT_ROOTS, isEnvelopeRoot, isExportRoot } from './exportRoots.js'
import { ImportError } from './ImportError.js'
import { xmlErrorMessage } from './xmlErrorMessage.js'

/** An export to read: a file path, or the bytes themselves (an HTTP body, a test string). */
export type ExportSource = { path: string } | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>

const isPath = (s: ExportSource): s is { path: string } =>
  typeof s === 'object' && !(Symbol.asyncIterator in s) && !(Symbol.iterator in s)

/** Default size limit of an export (IMPORT_MAX_BYTES): 50 MiB. */
export const DEFAULT_MAX_IMPORT_BYTES = 50 * 1024 * 1024

export interface ReadExportOptions {
  /** Each entry, as soon as it is read and checked (parents at the end, once merged). */
  onEntry: (entry: ExportEntry) => void
  maxBytes?: number
  /** Refuse the file as soon as it names another establishment. */
  expectedUai?: string
  /** Our partner name and private key: needed to open an export encrypted for ENT partners. */
  partner?: ExportPartner
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

interface XmlHandler {
  open: (name: string, attributes: Record<string, string>) => void
  text: (text: string) => void
  close: () => void
}

/** A saxes parser that refuses any DOCTYPE (so no entity is ever expanded) and any unknown root. */
function exportParser (route: (root: string) => XmlHandler): SaxesParser {
  const parser = new SaxesParser({ xmlns: false, position: true })
  let handler: XmlHandler | undefined
  parser.on('doctype', () => {
    throw new ImportError('DTD_FORBIDDEN', 'déclaration DOCTYPE refusée : DTD et entités ne sont pas acceptées dans un export PRONOTE', parser.line)
  })
  parser.on('opentag', (node) => {
    if (handler === undefined) {
      if (!isExportRoot(node.name)) {
        throw new ImportError('NOT_AN_EXPORT', `élément racine <${node.name.slice(0, 40)}> inconnu : un export PRONOTE a pour racine ${EXPORT_ROOTS.map((r) => `<${r}>`).join(' ou ')}`, parser.line)
      }
      handler = route(node.name)
    }
    handler.open(node.name, node.attributes)
  })
  parser.on('text', (text) => { handler?.text(text) })
  parser.on('cdata', (text) => { handler?.text(text) })
  parser.on('closetag', () => { handler?.close() })
  return parser
}

const malformed = (err: unknown, line: number): ImportError =>
  err instanceof ImportError ? err : new ImportError('XML_MALFORMED', xmlErrorMessage(err instanceof Error ? err.message : String(err)), line)

/**
 * Reads a PRONOTE identifier export (docs/pronote.md) as a stream: the document is never held whole,
 * each entry goes to onEntry as soon as it is closed (parents at the end). Names of elements and
 * attributes compare case- and accent-insensitively, fields may be attributes or child elements.
 * An export encrypted for ENT partners (root EXPORT_INDEX_EDUCATION, see EnvelopeReader) is
 * opened with options.partner and its content read as it is deciphered; a plain export merely
 * wrapped in that root reads too. A DOCTYPE is refused outright, so no entity is ever expanded.
 * Throws nothing but ImportError, whatever the input.
 */
export async function readExport (source: ExportSource, options: ReadExportOptions): Promise<ExportHeader> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES
  let envelope: EnvelopeReader | undefined // set when the root is EXPORT_INDEX_EDUCATION
  let sink: ContentSink | undefined // set when the container's CONTENU starts to decipher
  let inner: SaxesParser | undefined // the parser of the deciphered content
  // Lines are the file's, or the deciphered content's once it is being read.
  const builder = new EntryBuilder(options.expectedUai, options.onEntry, () => (inner ?? parser).line)
  let plain = false // the root is a plain export's
  const parser = exportParser((root) => {
    if (isEnvelopeRoot(root)) return (envelope = new EnvelopeReader(builder, options.partner))
    plain = true
    return builder
  })
  const openSink = (env: EnvelopeReader): ContentSink => {
    // The innermost document is checked like a plain export, and may not be another envelope.
    const innerParser = exportParser((root) => {
      if (isEnvelopeRoot(root)) throw new ImportError('NOT_AN_EXPORT', 'enveloppe EXPORT_INDEX_EDUCATION dans le contenu déchiffré')
      return builder
    })
    inner = innerParser
    // Compressed XML may inflate well past the file's own size: allow a generous ratio, not a bomb.
    return new ContentSink(env.compressed, maxBytes * 8, (text) => {
      try { innerParser.write(text) } catch (err) { throw malformed(err, innerParser.line) }
    })
  }
  let closing = false
  let bypassedLines = 0 // lines of CONTENU that saxes did not see, for the line numbers after it
  try {
    for await (const text of decodeXmlBytes(bytesOf(source, maxBytes), maxBytes)) {
      let rest = text
      while (rest !== '') {
        const env = envelope
        if (env?.streaming === true) {
          // saxes keeps a text node whole until its end: CONTENU's base64 (the size of the file)
          // goes straight to the envelope instead, up to the next markup, which saxes reads.
          const lt = rest.indexOf('<')
          const piece = lt === -1 ? rest : rest.slice(0, lt)
          env.text(piece)
          for (let i = piece.indexOf('\n'); i !== -1; i = piece.indexOf('\n', i + 1)) bypassedLines++
          rest = lt === -1 ? '' : rest.slice(lt)
          if (lt !== -1) env.streaming = false
        } else if (!plain && env?.contentSeen !== true) {
          // Until CONTENU opens, write up to each '>' so that the loop gets its turn right after <CONTENU …>.
          const gt = rest.indexOf('>')
          const piece = gt === -1 ? rest : rest.slice(0, gt + 1)
          parser.write(piece)
          rest = rest.slice(piece.length)
        } else {
          parser.write(rest)
          rest = ''
        }
        if (envelope === undefined) continue
        for (const bytes of envelope.take()) {
          sink ??= openSink(envelope)
          await sink.write(bytes)
        }
      }
    }
    closing = true
    parser.close()
    envelope?.finish()
  } catch (err) {
    sink?.abort()
    if (closing && envelope?.encrypted === true && !(err instanceof ImportError)) {
      throw new ImportError('CONTAINER_INVALID', 'fichier chiffré incomplet : il s\'arrête avant sa fin (transfert ou copie interrompus ?)')
    }
    // saxes reports by throwing a plain Error; anything else unexpected is still the file's fault.
    throw malformed(err, parser.line + bypassedLines)
  }
  if (sink !== undefined) {
    await sink.end()
    try { inner?.close() } catch (err) { throw malformed(err, inner?.line ?? 0) }
  } else if (envelope?.encrypted === true) {
    throw new ImportError('CONTAINER_INVALID', 'fichier chiffré au contenu vide')
  }
  return builder.finish()
}
