import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

// N=2^15, r=8, p=1: OWASP's scrypt baseline; about 50 ms and 32 MiB per check.
const N = 32768
const R = 8
const P = 1
const KEYLEN = 32
const MAXMEM = 64 * 1024 * 1024

function derive (password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEYLEN, { N: n, r, p, maxmem: MAXMEM }, (err, key) => {
      if (err !== null) reject(err)
      else resolve(key)
    })
  })
}

/** A self-describing hash: scrypt$N$r$p$salt$key, base64url. */
export async function hashPassword (password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, N, R, P)
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`
}

const HASH = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/

export function isPasswordHash (hash: string): boolean {
  return HASH.test(hash)
}

export async function verifyPassword (password: string, hash: string): Promise<boolean> {
  const m = HASH.exec(hash)
  if (m === null) return false
  const key = Buffer.from(m[5] as string, 'base64url')
  const actual = await derive(password, Buffer.from(m[4] as string, 'base64url'), Number(m[1]), Number(m[2]), Number(m[3]))
  return key.length === actual.length && timingSafeEqual(key, actual)
}

/** A hash of a random password: checking against it costs the same as a real check. */
export const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
