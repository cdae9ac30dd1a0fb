import { ImportError } from './ImportError.js'

const ALPHABET = /^[A-Za-z0-9+/]*$/
const EMPTY = Buffer.alloc(0)

/**
 * Strict base64 decoding of a text that arrives in pieces (an XML text node split by the parser):
 * whitespace is skipped, anything else outside the alphabet, padding anywhere but at the end or a
 * length that is not a multiple of 4 is refused. Buffer.from(…, 'base64') alone would silently
 * drop bad characters and decode a damaged file into garbage.
 */
export class Base64Stream {
  private rest = ''
  private padding = 0

  /** what: the element, for the message ("CONTENU", "PARTENAIRE SESAME-DEMO"). */
  constructor (private readonly what: string) {}

  push (text: string): Buffer {
    let s = text.replace(/\s+/g, '')
    if (s === '') return EMPTY
    const pad = /=+$/.exec(s)
    if (pad !== null) s = s.slice(0, -pad[0].length)
    if (!ALPHABET.test(s) || (this.padding > 0 && s !== '')) throw this.invalid()
    this.padding += pad?.[0].length ?? 0
    if (this.padding > 2) throw this.invalid()
    const all = this.rest + s
    // The last, incomplete group waits for the next piece (or for end(), with its padding).
    const cut = all.length - all.length % 4
    this.rest = all.slice(cut)
    return cut === 0 ? EMPTY : Buffer.from(all.slice(0, cut), 'base64')
  }

  /** The last bytes; a cut-off base64 text is refused. */
  end (): Buffer {
    const r = this.rest.length % 4
    if (this.padding === 0 ? r !== 0 : r + this.padding !== 4) throw this.invalid()
    return Buffer.from(this.rest, 'base64')
  }

  private invalid (): ImportError {
    return new ImportError('CONTAINER_INVALID', `${this.what} : base64 invalide (caractère interdit ou texte tronqué)`)
  }
}
