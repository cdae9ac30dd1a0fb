import { createDecipheriv, createHash, type Decipher, type Hash, timingSafeEqual } from 'node:crypto'
import { Base64Stream } from './Base64Stream.js'
import { type EntryBuilder, key } from './EntryBuilder.js'
import type { ExportPartner } from './ExportPartner.js'
import { ImportError } from './ImportError.js'
import { openPartnerKey } from './openPartnerKey.js'

/** Longest text kept for a container field other than CONTENU (an RSA-4096 block is 684 characters). */
const MAX_FIELD = 16_384
const altered = (why: string): ImportError => new ImportError('CONTENT_ALTERED', `fichier altéré ou incomplet : ${why}`)

interface Field { name: string, text: string, partner?: string }

/**
 * The outer layer of an export encrypted for ENT partners (root EXPORT_INDEX_EDUCATION): finds our
 * PARTENAIRE block in CLES, opens it, deciphers CONTENU (AES-128-CBC) as its base64 text arrives
 * and hands the plain bytes out through take(); at the end, finish() checks VERIFICATION (SHA-256
 * of the deciphered bytes, hex or base64) and the container's UAI. Children it does not know go
 * to the EntryBuilder, so that a plain export merely wrapped in the envelope still reads.
 */
export class EnvelopeReader {
  private depth = 0
  private field: Field | undefined
  private forwardDepth = 0
  private readonly partners: Array<{ name: string, block: string }> = []
  private content: { base64: Base64Stream, decipher: Decipher, hash: Hash } | undefined
  private digest: Buffer | undefined
  private verification: string | undefined
  private uai: string | undefined
  private name: string | undefined
  private output: Buffer[] = []
  /** Whether CONTENU is compressed (zlib) before encryption: known once CONTENU opens. */
  compressed = true
  /** Whether the file is encrypted (it has CLES or CONTENU). */
  encrypted = false
  /** Whether CONTENU has opened: from then on, the rest of the file is small. */
  contentSeen = false
  /**
   * True right after CONTENU opens: the reader may hand the text that follows straight to text(),
   * up to the next '<', then sets it back to false and lets the XML parser go on.
   */
  streaming = false

  constructor (private readonly builder: EntryBuilder, private readonly partner: ExportPartner | undefined) {}

  open (name: string, attributes: Record<string, string>): void {
    this.depth++
    if (this.forwardDepth > 0) { this.forwardDepth++; this.builder.open(name, attributes); return }
    const k = key(name)
    if (this.depth === 1) return this.builder.noteAttributes(attributes)
    if (this.depth === 3 && this.field?.name === 'cles') {
      if (k === 'partenaire') {
        const nom = Object.entries(attributes).find(([a]) => key(a) === 'nom')?.[1] ?? ''
        this.field = { name: 'partenaire', text: '', partner: nom.trim() }
      }
      return
    }
    if (this.depth !== 2) return
    if (k === 'cles') {
      this.encrypted = true
      this.field = { name: 'cles', text: '' }
    } else if (k === 'contenu') {
      this.encrypted = true
      this.contentSeen = true
      this.startContent(attributes)
      this.streaming = true
    } else if (k === 'verification' || k === 'uai' || k === 'nometablissement') {
      this.field = { name: k, text: '' }
    } else if (!['version', 'logiciel', 'dateheure', 'codepostalville'].includes(k) && !this.encrypted) {
      this.forwardDepth = 1
      this.builder.open(name, attributes)
    }
  }

  text (text: string): void {
    if (this.forwardDepth > 0) return this.builder.text(text)
    if (this.content !== undefined && this.depth === 2) return this.decrypt(this.content.base64.push(text))
    const f = this.field
    if (f === undefined || f.name === 'cles' || this.depth !== (f.name === 'partenaire' ? 3 : 2)) return
    f.text += text
    if (f.text.length > MAX_FIELD) throw new ImportError('CONTAINER_INVALID', `élément ${f.name.toUpperCase()} de plus de ${MAX_FIELD} caractères`)
  }

  close (): void {
    if (this.forwardDepth > 0) {
      this.forwardDepth--
      this.builder.close()
    } else if (this.depth === 2 && this.content !== undefined) {
      this.streaming = false
      this.endContent(this.content)
      this.content = undefined
    } else if (this.field !== undefined && this.depth === (this.field.name === 'partenaire' ? 3 : 2)) {
      const f = this.field
      this.field = f.name === 'partenaire' ? { name: 'cles', text: '' } : undefined
      if (f.name === 'partenaire') this.partners.push({ name: f.partner ?? '', block: f.text })
      else if (f.name === 'verification') this.verification = f.text.trim()
      else if (f.name === 'uai') this.uai = f.text.trim()
      else if (f.name === 'nometablissement') this.name = f.text.trim()
    }
    this.depth--
  }

  /** The deciphered bytes produced since the last call. */
  take (): Buffer[] {
    const out = this.output
    this.output = []
    return out
  }

  /** After the whole file: the checks that need all of it. */
  finish (): void {
    if (!this.encrypted) return
    if (this.digest === undefined) throw new ImportError('CONTAINER_INVALID', 'fichier chiffré sans élément CONTENU')
    const expected = this.verification ?? ''
    let sum: Buffer | undefined
    if (/^[0-9a-fA-F]{64}$/.test(expected)) sum = Buffer.from(expected, 'hex')
    else if (expected !== '') {
      const b64 = new Base64Stream('VERIFICATION')
      sum = Buffer.concat([b64.push(expected), b64.end()])
    }
    if (sum === undefined) throw new ImportError('CONTAINER_INVALID', 'fichier chiffré sans empreinte VERIFICATION')
    if (sum.length !== 32 || !timingSafeEqual(sum, this.digest)) throw altered('l\'empreinte SHA-256 (VERIFICATION) ne correspond pas au contenu')
    this.builder.noteEstablishment(this.uai, this.name)
  }

  private startContent (attributes: Record<string, string>): void {
    if (this.partner === undefined) {
      throw new ImportError('PARTNER_MISSING', 'fichier chiffré par PRONOTE pour un partenaire ENT : définir PRONOTE_PARTNER_NAME et PRONOTE_PARTNER_KEY_FILE (nom et clé privée du partenaire) pour l\'ouvrir')
    }
    const want = this.partner.name.trim().toLowerCase()
    const ours = this.partners.find((p) => p.name.toLowerCase() === want)
    if (ours === undefined) {
      if (this.partners.length === 0) throw new ImportError('CONTAINER_INVALID', 'fichier chiffré sans bloc de clé (CLES/PARTENAIRE) avant CONTENU')
      const names = this.partners.map((p) => p.name === '' ? '(sans nom)' : p.name).join(', ')
      throw new ImportError('PARTNER_UNKNOWN', `fichier chiffré pour ${names}, pas pour ${this.partner.name} (PRONOTE_PARTNER_NAME) : l'exporter depuis PRONOTE pour le partenaire ${this.partner.name}`)
    }
    const b64 = new Base64Stream(`PARTENAIRE ${ours.name}`)
    const block = Buffer.concat([b64.push(ours.block), b64.end()])
    const { key: aesKey, iv } = openPartnerKey(block, this.partner.privateKey, ours.name)
    const flag = Object.entries(attributes).find(([a]) => key(a) === 'compresseavantchiffrement')?.[1]?.trim().toLowerCase()
    // Absent means compressed: the schema's default is true.
    if (flag !== undefined && !['true', 'false', '1', '0'].includes(flag)) {
      throw new ImportError('CONTAINER_INVALID', `CompresseAvantChiffrement="${flag.slice(0, 20)}" : true ou false attendu`)
    }
    this.compressed = flag !== 'false' && flag !== '0'
    this.content = { base64: new Base64Stream('CONTENU'), decipher: createDecipheriv('aes-128-cbc', aesKey, iv), hash: createHash('sha256') }
  }

  private decrypt (bytes: Buffer): void {
    if (bytes.length === 0 || this.content === undefined) return
    const plain = this.content.decipher.update(bytes)
    this.content.hash.update(plain)
    if (plain.length > 0) this.output.push(plain)
  }

  private endContent (content: { base64: Base64Stream, decipher: Decipher, hash: Hash }): void {
    this.decrypt(content.base64.end())
    let last: Buffer
    try {
      last = content.decipher.final()
    } catch {
      throw altered('le contenu chiffré ne se déchiffre pas jusqu\'au bout (AES)')
    }
    content.hash.update(last)
    if (last.length > 0) this.output.push(last)
    this.digest = content.hash.digest()
  }
}
