import { isIPv6 } from 'node:net'

/** The first four 16-bit groups of a full IPv6 address, `::` expanded. */
function prefix64 (ip: string): string {
  const [head = '', tail] = ip.split('::')
  const left = head === '' ? [] : head.split(':')
  const right = tail === undefined || tail === '' ? [] : tail.split(':')
  // An IPv4 tail (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) stands for two groups.
  const width = (parts: string[]): number => parts.reduce((n, p) => n + (p.includes('.') ? 2 : 1), 0)
  const groups = [...left, ...Array<string>(8 - width(left) - width(right)).fill('0'), ...right]
  return groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')
}

/**
 * The source that throttling counts for an address. One IPv6 subscriber or server holds a whole
 * /64 (often more) and can pick a new address in it for each request, so the /64 is the source:
 * counting each address apart let 60 wrong passwords through from one /64. IPv4, and IPv4 mapped
 * into IPv6 (::ffff:192.0.2.1, as a dual-stack socket reports it), count per address.
 */
export function addressGroup (ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip)
  if (mapped !== null) return mapped[1] as string
  const bare = ip.replace(/%.*$/, '')
  if (!isIPv6(bare)) return ip
  return `${prefix64(bare.toLowerCase())}::/64`
}
