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
 * The text of an XML document, chunk by chunk, decoded per its BOM or XML declaration (UTF-8 by
 * default; PRONOTE may write ISO-8859-1). Synchronous, so that bytes coming out of a decipher can
 * be parsed as they come. Refuses more than maxBytes as soon as they are pushed.
 */
export class XmlByteDecoder {
  private decoder: TextDecoder | undefined
  private pending: Buffer[] = [] // bytes held until the encoding is known
  private pendingBytes = 0
  private total = 0

  constructor (private readonly maxBytes: number, private readonly tooLarge = 'fichier trop volumineux') {}

  push (chunk: Uint8Array | string): string {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    this.total += bytes.length
    if (this.total > this.maxBytes) {
      throw new ImportError('TOO_LARGE', `${this.tooLarge} : plus de ${Math.round(this.maxBytes / 1048576 * 10) / 10} Mio`)
    }
    if (this.decoder !== undefined) return this.decode(bytes, true)
    this.pending.push(bytes)
    this.pendingBytes += bytes.length
    const head = Buffer.concat(this.pending)
    // The XML declaration, if any, ends at the first '>': no need to wait for more.
    if (this.pendingBytes < SNIFF_BYTES && !head.includes(0x3e)) return ''
    this.pending = []
    this.decoder = decoderFor(encodingOf(head))
    return this.decode(head, true)
  }

  end (): string {
    if (this.decoder !== undefined) return this.decode(new Uint8Array(0), false)
    const head = Buffer.concat(this.pending)
    this.pending = []
    this.decoder = decoderFor(encodingOf(head))
    return this.decode(head, false)
  }

  private decode (bytes: Uint8Array, stream: boolean): string {
    const decoder = this.decoder as TextDecoder
    try {
      return decoder.decode(bytes, { stream })
    } catch {
      throw new ImportError('ENCODING', `octets invalides pour l'encodage déclaré (${decoder.encoding}) : enregistrer le fichier en UTF-8`)
    }
  }
}
