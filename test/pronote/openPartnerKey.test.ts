import { constants, createHash, generateKeyPairSync, publicEncrypt, randomBytes } from 'node:crypto'
import t from 'tap'
import { ImportError } from '../../src/pronote/ImportError.js'
import { openPartnerKey } from '../../src/pronote/openPartnerKey.js'

// RSAES-PKCS1-v1_5 (RFC 8017 §7.2.2) checked by hand, since Node refuses to: each block below is
// built byte by byte and encrypted raw, so every rule of the padding is tried on its own.
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
const K = 256
const keyAndIv = randomBytes(32)
const message = Buffer.concat([keyAndIv, createHash('md5').update(keyAndIv).digest()])
const nonZero = (n: number): Buffer => Buffer.from(randomBytes(n).map((b) => b === 0 ? 1 : b))
const raw = (em: Buffer): Buffer => publicEncrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, em)
const em = (head: number[], ps: Buffer, sep: number, m: Buffer): Buffer => Buffer.concat([Buffer.from(head), ps, Buffer.from([sep]), m])
const open = (block: Buffer): unknown => { try { return openPartnerKey(block, privateKey, 'ENT') } catch (err) { return err } }

t.test('a well-formed block opens: key and IV are the first 32 of the 48 bytes', async (t) => {
  t.same(open(raw(em([0, 2], nonZero(K - 3 - 48), 0, message))), { key: keyAndIv.subarray(0, 16), iv: keyAndIv.subarray(16) })
  t.same(open(publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, message)), { key: keyAndIv.subarray(0, 16), iv: keyAndIv.subarray(16) }, 'as OpenSSL pads it')
})

t.test('every padding fault is refused with the one answer a wrong key gets', async (t) => {
  const faults: Array<[string, Buffer]> = [
    ['block type 1 (signature padding)', em([0, 1], nonZero(K - 3 - 48), 0, message)],
    ['leading byte not zero', em([1, 2], nonZero(K - 3 - 48), 0, message)],
    ['no zero separator before the 48 bytes', em([0, 2], nonZero(K - 3 - 48), 7, message)],
    ['a zero inside the padding string (message longer than 48 bytes)', em([0, 2], Buffer.concat([nonZero(100), Buffer.alloc(1), nonZero(K - 3 - 48 - 101)]), 0, message)],
    ['a 47-byte message', em([0, 2], nonZero(K - 3 - 47), 0, message.subarray(1))],
    ['a bad MD5', em([0, 2], nonZero(K - 3 - 48), 0, Buffer.concat([keyAndIv, Buffer.alloc(16)]))]
  ]
  for (const [what, block] of faults) {
    const err = open(raw(block))
    t.type(err, ImportError, what)
    t.match(err, { code: 'KEY_MISMATCH', message: /^le bloc de clé du partenaire ENT ne s'ouvre pas avec la clé privée configurée \(PRONOTE_PARTNER_KEY_FILE\) : mauvaise clé, ou fichier altéré$/ }, what)
  }
})

t.test('a block of the wrong size, or not below the modulus, is refused', async (t) => {
  t.match(open(randomBytes(128)), { code: 'KEY_MISMATCH', message: /fait 128 octets, la clé privée configurée en attend 256/ })
  t.match(open(Buffer.alloc(K, 0xff)), { code: 'KEY_MISMATCH' })
})
