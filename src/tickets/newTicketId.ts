import { randomFillSync } from 'node:crypto'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
/** 32 characters of base 62 carry 190 bits, well over the 128 bits the CAS spec asks for. */
const LENGTH = 32

export type TicketPrefix = 'ST' | 'PT' | 'PGT' | 'PGTIOU' | 'TGT'

// CSPRNG bytes drawn 4 KiB at a time and each used once: one call into OpenSSL per ~100 ids
// instead of one per id (a randomBytes call per id was 2 % of an SSO request, BENCHMARKS.md), as
// crypto.randomUUID does with its own cache.
const pool = Buffer.alloc(4096)
let next = pool.length

function randomByte (): number {
  if (next === pool.length) {
    randomFillSync(pool)
    next = 0
  }
  return pool[next++] as number
}

/**
 * A ticket id: the prefix, a dash, then characters of [A-Za-z0-9] drawn from the CSPRNG. Bytes
 * of 248 and above are rejected rather than folded, so that every character is equally likely.
 */
export function newTicketId (prefix: TicketPrefix): string {
  let out = prefix + '-'
  for (let n = 0; n < LENGTH;) {
    const byte = randomByte()
    if (byte >= 248) continue
    out += ALPHABET[byte % 62] as string
    n++
  }
  return out
}

const SHAPE = /^(ST|PT|PGT|PGTIOU|TGT)-[A-Za-z0-9-]{1,256}$/

/** The prefix of a well-formed ticket id, or undefined for anything else. */
export function ticketPrefix (id: string): TicketPrefix | undefined {
  const m = SHAPE.exec(id)
  return m === null ? undefined : m[1] as TicketPrefix
}
