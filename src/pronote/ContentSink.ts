import { once } from 'node:events'
import { createInflate, createInflateRaw, type Inflate, type InflateRaw } from 'node:zlib'
import { ImportError } from './ImportError.js'
import { XmlByteDecoder } from './XmlByteDecoder.js'

/**
 * Where the deciphered CONTENU of an encrypted export goes: inflated when it was compressed (zlib,
 * as Index Éducation writes it; raw deflate is accepted too, told apart by the zlib header), then
 * decoded and handed as text to onText (the inner XML parser), chunk by chunk. The first failure
 * is kept and reported by end(), so that the container's own checks can be made first (an
 * altered file is reported as altered, not as the malformed XML it decrypts to).
 */
export class ContentSink {
  private readonly decoder: XmlByteDecoder
  private inflater: Inflate | InflateRaw | undefined
  private head: Buffer[] = []
  private failure: unknown
  private ended: Promise<unknown> | undefined

  constructor (private readonly compressed: boolean, maxBytes: number, private readonly onText: (text: string) => void) {
    this.decoder = new XmlByteDecoder(maxBytes, 'contenu déchiffré trop volumineux')
  }

  get failed (): boolean {
    return this.failure !== undefined
  }

  async write (bytes: Buffer): Promise<void> {
    if (this.failed) return
    if (!this.compressed) return this.feed(bytes)
    if (this.inflater === undefined) {
      this.head.push(bytes)
      const head = Buffer.concat(this.head)
      if (head.length < 2) return
      this.head = []
      this.startInflate(head)
      bytes = head
    }
    const inflater = this.inflater as Inflate | InflateRaw
    // An inflate error ends the wait too; it is kept as the failure by the 'error' handler.
    if (!inflater.write(bytes)) await Promise.race([once(inflater, 'drain').catch(() => undefined), this.ended])
  }

  /** Waits for the last bytes; throws the first failure (an ImportError). */
  async end (): Promise<void> {
    if (this.compressed && !this.failed) {
      if (this.inflater === undefined) this.startInflate(Buffer.concat(this.head))
      const inflater = this.inflater as Inflate | InflateRaw
      inflater.end()
      await this.ended
    }
    if (!this.failed) this.guard(() => { this.onText(this.decoder.end()) })
    if (this.failed) throw this.failure
  }

  /** Stops everything (the container failed): nothing more is parsed. */
  abort (): void {
    this.failure ??= new ImportError('CONTAINER_INVALID', 'lecture interrompue')
    this.inflater?.destroy()
  }

  private startInflate (head: Buffer): void {
    // A zlib stream starts with CM=8 and a header checksum (RFC 1950 §2.2); raw deflate does not.
    const zlib = head.length >= 2 && ((head[0] as number) & 0x0f) === 8 && ((head[0] as number) * 256 + (head[1] as number)) % 31 === 0
    const inflater = zlib ? createInflate() : createInflateRaw()
    this.inflater = inflater
    inflater.on('data', (chunk: Buffer) => { this.feed(chunk) })
    this.ended = new Promise((resolve) => {
      inflater.once('end', resolve)
      inflater.once('close', resolve)
      inflater.once('error', (err: NodeJS.ErrnoException) => {
        this.failure ??= new ImportError('CONTENT_ALTERED', `fichier altéré ou incomplet : contenu compressé illisible (${err.code ?? err.message})`)
        resolve(undefined)
      })
    })
  }

  private feed (bytes: Buffer): void {
    if (this.failed) return
    this.guard(() => {
      const text = this.decoder.push(bytes)
      if (text !== '') this.onText(text)
    })
  }

  private guard (work: () => void): void {
    try {
      work()
    } catch (err) {
      this.failure ??= err
      this.inflater?.destroy()
    }
  }
}
