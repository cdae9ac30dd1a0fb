import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { startSlapd } from '../../scripts/testServices/slapd.mjs'
import type { TestSlapd } from '../../scripts/testServices/slapd.mjs'
import type { Directory } from '../../src/directory/Directory.js'
import { DirectoryUnavailableError } from '../../src/directory/DirectoryUnavailableError.js'
import { createLdapDirectory } from '../../src/directory/ldap/createLdapDirectory.js'
import { fixturePeople } from './fixturePeople.js'
import { ldapEntry, ldapEnv, memoryLogger } from './ldapEntry.js'

let slapd: TestSlapd
const opened: Directory[] = []
t.before(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sesame-slapd-'))
  slapd = await startSlapd({ dir, tls: true })
  // Directories close before slapd stops, as in production: their connections end cleanly.
  t.teardown(async () => {
    await Promise.all(opened.map((d) => d.close()))
    await slapd.stop()
    await rm(dir, { recursive: true, force: true })
  })
})

function directory (overrides: Record<string, unknown>): Directory {
  const d = createLdapDirectory(ldapEntry(slapd, overrides), 'x', ldapEnv(slapd), memoryLogger())
  opened.push(d)
  return d
}
const { login, password } = fixturePeople.pupil

t.test('ldaps:// with caFile signs in', async (t) => {
  t.equal((await directory({ url: slapd.ldapsUrl, caFile: slapd.caFile }).authenticate(login, password)).uid, 'lea.martin')
})

t.test('StartTLS with caFile signs in', async (t) => {
  const d = directory({ url: slapd.url, startTls: true, caFile: slapd.caFile })
  t.equal((await d.authenticate(login, password)).uid, 'lea.martin')
  t.equal(await d.ping(), true)
})

t.test('a server certificate that is not trusted makes the directory unavailable', async (t) => {
  await t.rejects(directory({ url: slapd.ldapsUrl }).authenticate(login, password), DirectoryUnavailableError)
  await t.rejects(directory({ url: slapd.url, startTls: true }).authenticate(login, password), DirectoryUnavailableError)
})

t.test('StartTLS connections left dead by a server restart are replaced on the next sign-in', async (t) => {
  const d = directory({ url: slapd.url, startTls: true, caFile: slapd.caFile, timeoutMs: 1000 })
  t.equal((await d.authenticate(login, password)).uid, 'lea.martin')
  await slapd.stop()
  await slapd.start()
  const started = Date.now()
  t.equal((await d.authenticate(login, password)).uid, 'lea.martin')
  t.ok(Date.now() - started < 2500, `within about one timeoutMs (${Date.now() - started} ms)`)
})
