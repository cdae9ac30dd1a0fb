import { constants, createHash, privateDecrypt, type KeyObject, timingSafeEqual } from 'node:crypto'
import { ImportError } from './ImportError.js'

/** The AES-128 key and IV that open an export's CONTENU. */
export interface ContentKey {
  key: Buffer
  iv: Buffer
}

const BLOCK_LENGTH = 48 // AES key (16), IV (16), MD5 of both (16)

/**
 * Opens the partner's RSA block of an encrypted export: RSAES-PKCS1-v1_5 (RFC 8017 §7.2.2) with
 * the partner's private key, then the MD5 check of the 48 bytes inside.
 *
 * Node ≥ 20.11 refuses PKCS#1 v1.5 in privateDecrypt (CVE-2023-46809, the Marvin timing attack)
 * unless OpenSSL does implicit rejection, which Node 20's OpenSSL 3.0 does not. PRONOTE only
 * writes this padding, so the raw RSA operation is done by OpenSSL (RSA_NO_PADDING, blinded) and
 * the padding is checked here without early exit; a bad padding and a bad MD5 give the same
 * answer, so an answer tells nothing about the padding. A padding oracle also needs thousands of
 * chosen ciphertexts, and only an authenticated admin or operator can submit a file. No library
 * is added: the maintained pure-JS ones (node-forge) do the same check with less care for timing.
 */
export function openPartnerKey (block: Buffer, privateKey: KeyObject, partner: string): ContentKey {
  const size = Math.ceil((privateKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8)
  const wrongKey = new ImportError('KEY_MISMATCH', `le bloc de clé du partenaire ${partner} ne s'ouvre pas avec la clé privée configurée (PRONOTE_PARTNER_KEY_FILE) : mauvaise clé, ou fichier altéré`)
  if (block.length !== size) {
    throw new ImportError('KEY_MISMATCH', `le bloc de clé du partenaire ${partner} fait ${block.length} octets, la clé privée configurée en attend ${size} : mauvaise clé (PRONOTE_PARTNER_KEY_FILE), ou fichier altéré`)
  }
  let em: Buffer
  try {
    em = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, block)
  } catch {
    throw wrongKey // a block not below the modulus
  }
  // EM = 0x00 || 0x02 || PS (at least 8 non-zero bytes) || 0x00 || M, M being 48 bytes: with a
  // fixed message length, the separator's place is known and every byte is looked at once.
  const sep = em.length - BLOCK_LENGTH - 1
  let bad = em[0] as number
  bad |= (em[1] as number) ^ 0x02
  bad |= em[sep] as number
  for (let i = 2; i < sep; i++) bad |= Number(em[i] === 0)
  bad |= Number(sep < 10)
  const message = em.subarray(sep + 1)
  const sum = createHash('md5').update(message.subarray(0, 32)).digest()
  const md5Ok = timingSafeEqual(sum, message.subarray(32))
  if (bad !== 0 || !md5Ok) throw wrongKey
  return { key: Buffer.from(message.subarray(0, 16)), iv: Buffer.from(message.subarray(16, 32)) }
}
