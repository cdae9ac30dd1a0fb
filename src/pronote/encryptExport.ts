import { constants, createCipheriv, createHash, type KeyObject, publicEncrypt, randomBytes } from 'node:crypto'
import { deflateRawSync, deflateSync } from 'node:zlib'
import { ENVELOPE_ROOT } from './exportRoots.js'

export interface EncryptExportOptions {
  /** The ENT partners the export is for: each gets its RSA block in CLES. */
  partners: Array<{ name: string, publicKey: KeyObject }>
  uai: string
  establishmentName?: string
  /** zlib-compress before encrypting, as PRONOTE does (default true). */
  compress?: boolean
  /** Raw deflate instead of zlib, to check that readers accept both (default false). */
  rawDeflate?: boolean
  /** How VERIFICATION is written (default base64, as the container's schema says). */
  verification?: 'base64' | 'hex'
  /** DATEHEURE (default now). */
  date?: Date
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')
/** Base64 in lines of 76 characters, as MIME and PRONOTE's files wrap it. */
const wrapped = (bytes: Buffer): string => bytes.toString('base64').replace(/.{76}/g, '$&\n')

/**
 * A plain export wrapped the way Index Éducation sends exports to ENT partners (see
 * EnvelopeReader for the reading side): a fresh AES-128 key and IV, written with their MD5 into
 * one RSA PKCS#1 v1.5 block per partner; CONTENU is the (compressed) XML, AES-128-CBC encrypted;
 * VERIFICATION is the SHA-256 of the bytes that were encrypted. For the tests, the benchmark
 * and the demo: a real export comes from PRONOTE.
 */
export function encryptExport (xml: Buffer, options: EncryptExportOptions): string {
  const key = randomBytes(16)
  const iv = randomBytes(16)
  const keyBlock = Buffer.concat([key, iv, createHash('md5').update(Buffer.concat([key, iv])).digest()])
  const compress = options.compress ?? true
  const plain = compress ? (options.rawDeflate === true ? deflateRawSync(xml) : deflateSync(xml)) : xml
  const cipher = createCipheriv('aes-128-cbc', key, iv)
  const content = Buffer.concat([cipher.update(plain), cipher.final()])
  const sum = createHash('sha256').update(plain).digest()
  const partners = options.partners.map((p) =>
    `    <PARTENAIRE NOM="${esc(p.name)}">${wrapped(publicEncrypt({ key: p.publicKey, padding: constants.RSA_PKCS1_PADDING }, keyBlock))}</PARTENAIRE>\n`)
  return `<?xml version="1.0" encoding="UTF-8"?>
<${ENVELOPE_ROOT}>
  <VERSION>1.0</VERSION>
  <LOGICIEL>PRONOTE</LOGICIEL>
  <CLES>
${partners.join('')}  </CLES>
  <CONTENU CompresseAvantChiffrement="${String(compress)}">
${wrapped(content)}
  </CONTENU>
  <VERIFICATION>${options.verification === 'hex' ? sum.toString('hex') : sum.toString('base64')}</VERIFICATION>
  <DATEHEURE>${(options.date ?? new Date()).toISOString().slice(0, 19)}</DATEHEURE>
  <UAI>${esc(options.uai)}</UAI>
  <NOMETABLISSEMENT>${esc(options.establishmentName ?? '')}</NOMETABLISSEMENT>
  <CODEPOSTALVILLE></CODEPOSTALVILLE>
</${ENVELOPE_ROOT}>
`
}
