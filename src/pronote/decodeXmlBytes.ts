import { ImportError } from './ImportError.js'

/** Bytes read before the encoding is decided: enough for a BOM and an XML declaration. */
const SNIFF_BYTES = 256

function encodingOf (head: Buffer): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8'
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be'
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le'
  const decl = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head.toString('latin1'))
  return decl === null ? 'utf-8' : (decl[1] as string).toLowerCase()
}

function decoderFor (label: string): TextDecoder {
  try {
    // fatal: a Latin-1 file that claims (or defaults to) UTF-8 is refused instead of mangling names.
    return new TextDecoder(label, { fatal: true })
  } catch {
    throw new ImportError('ENCODING', `encodage « ${label} » non pris en charge (UTF-8 ou ISO-8859-1 attendu)`)
  }
}

/**
 * The text of an XML file, chunk by chunk, decoded per its BOM or XML declaration (UTF-8 by
 * default; PRONOTE may write ISO-8859-1). Refuses more than maxBytes as soon as they are read.
 */
export async function * decodeXmlBytes (source: AsyncIterable<Uint8Array | string>, maxBytes: number): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined
  let pending: Buffer[] = [] // bytes held until the encoding is known
  let pendingBytes = 0
  let total = 0
  const decode = (bytes: Uint8Array, stream: boolean): string => {
    try {
      return (decoder as TextDecoder).decode(bytes, { stream })
    } catch {
      throw new ImportError('ENCODING', `octets invalides pour l'encodage déclaré (${(decoder as TextDecoder).encoding}) : enregistrer le fichier en UTF-8`)
    }
  }
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    total += bytes.length
    if (total > maxBytes) {
      throw new ImportError('TOO_LARGE', `fichier trop volumineux : plus de ${Math.round(maxBytes / 1048576 * 10) / 10} Mio`)
    }
    if (decoder === undefined) {
      pending.push(bytes)
      pendingBytes += bytes.length
      const head = Buffer.concat(pending)
      // The XML declaration, if any, ends at the first '>': no need to wait for more.
      if (pendingBytes < SNIFF_BYTES && !head.includes(0x3e)) continue
      pending = []
      decoder = decoderFor(encodingOf(head))
      yield decode(head, true)
      continue
    }
    const text = decode(bytes, true)
    if (text !== '') yield text
  }
  if (decoder === undefined) {
    const head = Buffer.concat(pending)
    decoder = decoderFor(encodingOf(head))
    yield decode(head, false)
  } else {
    const rest = decode(new Uint8Array(0), false)
    if (rest !== '') yield rest
  }
}
