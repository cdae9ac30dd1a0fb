import { randomBytes } from 'node:crypto'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
/** 32 characters of base 62 carry 190 bits, well over the 128 bits the CAS spec asks for. */
const LENGTH = 32

export type TicketPrefix = 'ST' | 'PT' | 'PGT' | 'PGTIOU' | 'TGT'

/**
 * A ticket id: the prefix, a dash, then characters of [A-Za-z0-9] drawn from the CSPRNG. Bytes
 * of 248 and above are rejected rather than folded, so that every character is equally likely.
 */
export function newTicketId (prefix: TicketPrefix): string {
  let out = prefix + '-'
  while (out.length < prefix.length + 1 + LENGTH) {
    for (const byte of randomBytes(LENGTH + 8)) {
      if (byte >= 248) continue
      out += ALPHABET[byte % 62]
      if (out.length === prefix.length + 1 + LENGTH) break
    }
  }
  return out
}

const SHAPE = /^(ST|PT|PGT|PGTIOU|TGT)-[A-Za-z0-9-]{1,256}$/

/** The prefix of a well-formed ticket id, or undefined for anything else. */
export function ticketPrefix (id: string): TicketPrefix | undefined {
  const m = SHAPE.exec(id)
  return m === null ? undefined : m[1] as TicketPrefix
}
