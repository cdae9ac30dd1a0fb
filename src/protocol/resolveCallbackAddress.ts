import { lookup as dnsLookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { isInternalAddress } from './isInternalAddress.js'

/** An address the callback may be reached at: the connection goes there, with no second lookup. */
export interface CallbackAddress { address: string, family: 4 | 6 }

/** Why a callback host was refused, for the log only (the caller gets a generic message). */
export class CallbackAddressError extends Error {
  override readonly name = 'CallbackAddressError'
}

/** What resolveCallbackAddress resolves names with (dns.promises.lookup, all addresses). */
export type CallbackLookup = (host: string) => Promise<Array<{ address: string, family: number }>>

const systemLookup: CallbackLookup = async (host) => await dnsLookup(host, { all: true, verbatim: true })

/**
 * Resolves a callback host once and checks what it resolves to: a host with any internal address
 * (isInternalAddress) is refused, unless `allowInternal` (the service's callbackPattern names this
 * host literally). The address returned is the one to connect to, so that a name cannot resolve
 * to a public address for the check and to an internal one for the connection (DNS rebinding).
 * A lookup that takes longer than `timeoutMs` counts as failed.
 */
export async function resolveCallbackAddress (hostname: string, allowInternal: boolean, timeoutMs: number, lookup: CallbackLookup = systemLookup): Promise<CallbackAddress> {
  const host = hostname.replace(/^\[|\]$/g, '')
  let addresses: Array<{ address: string, family: number }>
  if (isIP(host) !== 0) {
    addresses = [{ address: host, family: isIP(host) }]
  } else {
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: `no answer within ${timeoutMs} ms` })), timeoutMs) })
    try { addresses = await Promise.race([lookup(host), late]) } catch (err) {
      throw new CallbackAddressError(`${host}: DNS lookup failed (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
    } finally { clearTimeout(timer) }
  }
  const first = addresses[0]
  if (first === undefined) throw new CallbackAddressError(`${host}: no address`)
  const internal = addresses.find((a) => isInternalAddress(a.address))
  if (internal !== undefined && !allowInternal) {
    throw new CallbackAddressError(`${host} resolves to ${internal.address}, an internal address, and the service's callbackPattern does not name this host literally`)
  }
  return { address: first.address, family: first.family === 6 ? 6 : 4 }
}
