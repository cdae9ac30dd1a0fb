import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { startSlapd } from '../../scripts/testServices/slapd.mjs'
import { AuthenticationError } from '../../src/directory/AuthenticationError.js'
import { DirectoryUnavailableError } from '../../src/directory/DirectoryUnavailableError.js'
import { createLdapDirectory } from '../../src/directory/ldap/createLdapDirectory.js'
import { fixturePeople } from './fixturePeople.js'
import { ldapEntry, ldapEnv, memoryLogger } from './ldapEntry.js'

t.test('after an outage, sign-in works again as soon as the directory is back, without a restart', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sesame-slapd-'))
  const slapd = await startSlapd({ dir })
  t.teardown(async () => { await slapd.stop(); await rm(dir, { recursive: true, force: true }) })
  const directory = createLdapDirectory(ldapEntry(slapd, { connectTimeoutMs: 500, timeoutMs: 1000 }), 'x', ldapEnv(slapd), memoryLogger())
  t.teardown(() => directory.close())
  const { login, password } = fixturePeople.pupil

  t.equal((await directory.authenticate(login, password)).uid, 'lea.martin', 'before')
  await slapd.stop()
  await t.rejects(directory.authenticate(login, password), DirectoryUnavailableError, 'down: sign-in')
  await t.rejects(directory.authenticate('nobody.here', password), DirectoryUnavailableError, 'down: unknown login is not "wrong password"')
  t.equal(await directory.ping(), false, 'down: ping')
  await t.rejects((async () => { for await (const p of directory.peopleOf('0340000X')) void p })(), DirectoryUnavailableError, 'down: peopleOf')

  await slapd.start()
  t.equal((await directory.authenticate(login, password)).uid, 'lea.martin', 'back: sign-in')
  t.equal(await directory.ping(), true, 'back: ping')
  await t.rejects(directory.authenticate(login, 'wrong'), new AuthenticationError('invalidCredentials'), 'back: wrong password')
})

t.test('a restart between two sign-ins (dead pooled connections) does not fail the next sign-in', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sesame-slapd-'))
  const slapd = await startSlapd({ dir })
  t.teardown(async () => { await slapd.stop(); await rm(dir, { recursive: true, force: true }) })
  const directory = createLdapDirectory(ldapEntry(slapd), 'x', ldapEnv(slapd), memoryLogger())
  t.teardown(() => directory.close())
  const { login, password } = fixturePeople.teacher
  await directory.authenticate(login, password)
  await slapd.stop()
  await slapd.start()
  t.equal((await directory.authenticate(login, password)).uid, 'prof.durand')
})
