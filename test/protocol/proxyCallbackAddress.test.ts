import { readFile } from 'node:fs/promises'
import t from 'tap'
import { callProxyCallback } from '../../src/protocol/callProxyCallback.js'
import { isInternalAddress } from '../../src/protocol/isInternalAddress.js'
import { resolveCallbackAddress } from '../../src/protocol/resolveCallbackAddress.js'
import { literalPatternHost } from '../../src/services/literalPatternHost.js'
import { makeTestCa, startCallbackServer } from '../helpers/testCa.js'

t.test('loopback, link-local, private, shared and reserved addresses are internal, in every IPv4 and IPv6 form', async (t) => {
  const internal = [
    '127.0.0.1', '127.1.2.3', '0.0.0.0', '0.1.2.3', '10.0.0.5', '172.16.0.1', '172.31.255.255', '192.168.1.1',
    '169.254.169.254', '100.64.0.1', '100.127.255.255', '192.0.2.1', '198.18.0.1', '224.0.0.1', '255.255.255.255',
    '::', '::1', '[::1]', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::127.0.0.1', '::ffff:8.8.8.8',
    'fc00::1', 'fd12:3456::1', 'fe80::1', 'fec0::1', 'ff02::1', '64:ff9b::a00:1', '2002:7f00:1::', '2001::1', 'not an address'
  ]
  const external = ['8.8.8.8', '1.1.1.1', '100.63.255.255', '100.128.0.0', '172.32.0.1', '192.169.0.1', '2a00:1450:4007:80e::200e', '[2606:4700::1111]']
  for (const a of internal) t.equal(isInternalAddress(a), true, `${a} is internal`)
  for (const a of external) t.equal(isInternalAddress(a), false, `${a} is public`)
})

t.test('a callback host with any internal address is refused, unless the pattern names it literally', async (t) => {
  const lookup = async (host: string): Promise<Array<{ address: string, family: number }>> => host === 'mixed.example.fr'
    ? [{ address: '203.0.114.7', family: 4 }, { address: '10.1.2.3', family: 4 }]
    : [{ address: '203.0.114.7', family: 4 }]
  await t.rejects(resolveCallbackAddress('mixed.example.fr', false, 2000, lookup), { name: 'CallbackAddressError' })
  t.same(await resolveCallbackAddress('mixed.example.fr', true, 2000, lookup), { address: '203.0.114.7', family: 4 })
  t.same(await resolveCallbackAddress('public.example.fr', false, 2000, lookup), { address: '203.0.114.7', family: 4 })
  await t.rejects(resolveCallbackAddress('[::1]', false, 2000, lookup), { name: 'CallbackAddressError' }, 'an IPv6 literal')
  await t.rejects(resolveCallbackAddress('localhost', false, 2000), { name: 'CallbackAddressError' }, 'localhost, through the system resolver')
  await t.rejects(resolveCallbackAddress('nowhere.invalid', true, 2000), /DNS lookup failed/)
  const never = async (): Promise<never> => await new Promise(() => {})
  await t.rejects(resolveCallbackAddress('slow.example.fr', false, 50, never), /DNS lookup failed \(no answer within 50 ms\)/, 'a lookup without an answer in time fails')
})

t.test('only an Ant pattern without a wildcard in its host names a host literally', async (t) => {
  t.equal(literalPatternHost('https://127.0.0.1:8443/cb/**'), '127.0.0.1')
  t.equal(literalPatternHost('https://Proxy.Intranet.fr/**'), 'proxy.intranet.fr')
  t.equal(literalPatternHost('https://[::1]:8443/**'), '[::1]')
  t.equal(literalPatternHost('https://*.0.0.1:8443/**'), undefined)
  t.equal(literalPatternHost('https://*/**'), undefined)
  t.equal(literalPatternHost('^https://127\\.0\\.0\\.1/.*'), undefined)
})

t.test('the callback is reached at the address that was checked, never at a second resolution of its name', async (t) => {
  const ca = await makeTestCa(t)
  const cb = await startCallbackServer(t, ca.server)
  const extraCa = await readFile(ca.caFile, 'utf8')
  const url = `https://localhost:${new URL(cb.origin).port}/cb`
  // localhost resolves to 127.0.0.1, where the server listens; 127.0.0.2 is loopback too, but
  // nothing listens there: the request fails only if it really goes to the pinned address.
  const elsewhere = await callProxyCallback(url, { extraCa, timeoutMs: 2000, address: { address: '127.0.0.2', family: 4 } })
  t.ok('error' in elsewhere, 'pinned to 127.0.0.2: not reached')
  t.equal(cb.requests.length, 0)
  const here = await callProxyCallback(url, { extraCa, timeoutMs: 2000, address: { address: '127.0.0.1', family: 4 } })
  t.same(here, { status: 200 }, 'pinned to 127.0.0.1: reached, and the certificate checked against the name')
  t.equal(cb.requests.length, 1)
})
