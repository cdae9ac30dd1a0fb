import { BlockList, isIP } from 'node:net'

// Addresses a proxy callback may not reach unless the service names the host literally: this
// host, private networks, and ranges that are not (or not only) the public Internet. IPv4-mapped
// (::ffff:0:0/96) and IPv4-compatible (::/96) IPv6 forms are refused whole, as are the IPv6
// ranges that carry an IPv4 address to be translated (NAT64, 6to4, Teredo): each could lead to
// an internal IPv4 address.
const INTERNAL: Array<[string, number, 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'], // "this network"
  ['10.0.0.0', 8, 'ipv4'], // RFC 1918
  ['100.64.0.0', 10, 'ipv4'], // carrier-grade NAT
  ['127.0.0.0', 8, 'ipv4'], // loopback
  ['169.254.0.0', 16, 'ipv4'], // link-local (cloud metadata services live here)
  ['172.16.0.0', 12, 'ipv4'], // RFC 1918
  ['192.0.0.0', 24, 'ipv4'], // IETF protocol assignments
  ['192.0.2.0', 24, 'ipv4'], // documentation
  ['192.88.99.0', 24, 'ipv4'], // 6to4 relay
  ['192.168.0.0', 16, 'ipv4'], // RFC 1918
  ['198.18.0.0', 15, 'ipv4'], // benchmarking
  ['198.51.100.0', 24, 'ipv4'], // documentation
  ['203.0.113.0', 24, 'ipv4'], // documentation
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved, and broadcast
  ['::', 96, 'ipv6'], // unspecified, loopback and IPv4-compatible
  ['::ffff:0:0', 96, 'ipv6'], // IPv4-mapped
  ['64:ff9b::', 96, 'ipv6'], // NAT64
  ['64:ff9b:1::', 48, 'ipv6'], // local NAT64
  ['100::', 64, 'ipv6'], // discard
  ['2001::', 32, 'ipv6'], // Teredo
  ['2001:db8::', 32, 'ipv6'], // documentation
  ['2002::', 16, 'ipv6'], // 6to4
  ['fc00::', 7, 'ipv6'], // unique local
  ['fe80::', 10, 'ipv6'], // link-local
  ['fec0::', 10, 'ipv6'], // site-local (deprecated)
  ['ff00::', 8, 'ipv6'] // multicast
]

// One list per family: Node checks an IPv4 address against IPv6 rules too, as its mapped form,
// and ::ffff:0:0/96 would then take in every IPv4 address.
const lists = { ipv4: new BlockList(), ipv6: new BlockList() }
for (const [network, prefix, type] of INTERNAL) lists[type].addSubnet(network, prefix, type)

/**
 * Whether an IP address (as text, IPv6 with or without brackets) is loopback, link-local,
 * private or otherwise not a public Internet address. Anything that is not an IP address counts
 * as internal: the caller only ever connects to what passed.
 */
export function isInternalAddress (address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '')
  const family = isIP(ip)
  if (family === 0) return true
  const type = family === 4 ? 'ipv4' : 'ipv6'
  return lists[type].check(ip, type)
}
