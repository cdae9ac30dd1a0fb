import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import type { Server, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { freePort } from '../../scripts/testServices/freePort.mjs'
import { startSlapd } from '../../scripts/testServices/slapd.mjs'
import type { TestSlapd } from '../../scripts/testServices/slapd.mjs'
import { AuthenticationError } from '../../src/directory/AuthenticationError.js'
import type { Directory } from '../../src/directory/Directory.js'
import { DirectoryUnavailableError } from '../../src/directory/DirectoryUnavailableError.js'
import { createLdapDirectory } from '../../src/directory/ldap/createLdapDirectory.js'
import { fixturePeople, ldapOnlyPeople } from './fixturePeople.js'
import { ldapEntry, ldapEnv, memoryLogger } from './ldapEntry.js'

let slapd: TestSlapd
const opened: Directory[] = []
t.before(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sesame-slapd-'))
  slapd = await startSlapd({ dir })
  // Directories close before slapd stops, as in production: their connections end cleanly.
  t.teardown(async () => {
    await Promise.all(opened.map((d) => d.close()))
    await slapd.stop()
    await rm(dir, { recursive: true, force: true })
  })
})

function directory (overrides: Record<string, unknown> = {}, log = memoryLogger()): Directory {
  const d = createLdapDirectory(ldapEntry(slapd, overrides), 'config/directories.json[0]', ldapEnv(slapd), log)
  opened.push(d)
  return d
}
const aten = (overrides: Record<string, unknown> = {}): Directory => directory({ baseDn: slapd.atenBaseDn, ...overrides })
const arena = (overrides: Record<string, unknown> = {}): Directory => directory({ id: 'arena', label: 'Personnel', baseDn: slapd.arenaBaseDn, ...overrides })

/** A TCP server that accepts connections and never says a word. */
async function silentServer (): Promise<{ url: string, close: () => Promise<void> }> {
  const sockets: Socket[] = []
  const server: Server = createServer((s) => { sockets.push(s) })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `ldap://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()) })
  }
}

t.test('ATEN and ARENA branches are two directories: each knows only its own people', async (t) => {
  t.equal((await aten().authenticate(fixturePeople.pupil.login, fixturePeople.pupil.password)).uid, 'lea.martin')
  t.equal((await arena().authenticate(fixturePeople.teacher.login, fixturePeople.teacher.password)).uid, 'prof.durand')
  await t.rejects(aten().authenticate(fixturePeople.teacher.login, fixturePeople.teacher.password), new AuthenticationError('invalidCredentials'))
  await t.rejects(arena().authenticate(fixturePeople.pupil.login, fixturePeople.pupil.password), new AuthenticationError('invalidCredentials'))
})

t.test('the person carries the DN of the entry, which children references may use', async (t) => {
  const d = aten()
  const parent = await d.authenticate(fixturePeople.parent.login, fixturePeople.parent.password)
  t.equal(parent.dn, fixturePeople.parent.dn)
  const child = await d.authenticate(fixturePeople.pupil.login, fixturePeople.pupil.password)
  t.ok(parent.children.includes(child.dn as string), 'first child by DN')
  t.ok(parent.children.includes(fixturePeople.sibling.login), 'second child by uid')
})

t.test('a login held by two entries is refused as invalid credentials, and logged', async (t) => {
  const log = memoryLogger()
  await t.rejects(directory({ baseDn: slapd.atenBaseDn }, log).authenticate(ldapOnlyPeople.duplicate.login, ldapOnlyPeople.duplicate.password), new AuthenticationError('invalidCredentials'))
  t.match(log.warnings, [{ details: { login: 'doublon' }, message: /several/ }])
})

t.test('a wrong password never tells an account\'s state: an expired or locked account gets the generic refusal', async (t) => {
  const generic = 'Identifiant ou mot de passe incorrect.'
  for (const login of [ldapOnlyPeople.expired.login, fixturePeople.locked.login, 'personne.inconnue']) {
    const err = await aten().authenticate(login, 'Mauvais-Mot-De-Passe').catch((e: unknown) => e) as AuthenticationError
    t.type(err, AuthenticationError, login)
    t.equal(err.reason, 'invalidCredentials', login)
    t.equal(err.message, generic, login)
  }
})

t.test('OpenLDAP refuses an expired or locked account\'s bind whatever the password, so even the right one gets the generic refusal', async (t) => {
  // The state goes to the audit log: read from pwdChangedTime and the policy's pwdMaxAge, or pwdAccountLockedTime.
  for (const [who, state] of [[ldapOnlyPeople.expired, 'expired'], [fixturePeople.locked, 'locked']] as const) {
    const err = await aten().authenticate(who.login, who.password).catch((e: unknown) => e) as AuthenticationError
    t.type(err, AuthenticationError, who.login)
    t.equal(err.reason, 'invalidCredentials', who.login)
    t.equal(err.accountState, state, who.login)
  }
  await t.rejects(aten().authenticate(fixturePeople.pupil.login, 'Mauvais-Mot-De-Passe'), new AuthenticationError('invalidCredentials'),
    'an entry under the default policy (no pwdMaxAge) with a wrong password is a wrong password')
})

t.test('an empty password is refused before any bind: it never reaches the server', async (t) => {
  const port = await freePort()
  const d = aten({ url: `ldap://127.0.0.1:${port}` })
  await t.rejects(d.authenticate(fixturePeople.pupil.login, ''), new AuthenticationError('invalidCredentials'))
})

t.test('a sign-in fails over to the next URL when the first is down', async (t) => {
  const closed = `ldap://127.0.0.1:${await freePort()}`
  const d = aten({ url: [closed, slapd.url] })
  t.equal((await d.authenticate(fixturePeople.pupil.login, fixturePeople.pupil.password)).uid, 'lea.martin')
  t.equal(await d.ping(), true)
  t.equal((await d.authenticate(fixturePeople.parent.login, fixturePeople.parent.password)).uid, 'parent.martin')
})

t.test('a server that accepts but never answers is given up after timeoutMs, for the next URL', async (t) => {
  const silent = await silentServer()
  t.teardown(silent.close)
  const started = Date.now()
  const d = aten({ url: [silent.url, slapd.url], timeoutMs: 300 })
  t.equal((await d.authenticate(fixturePeople.pupil.login, fixturePeople.pupil.password)).uid, 'lea.martin')
  t.ok(Date.now() - started < 3000, 'well before the default timeouts')
  const alone = aten({ url: silent.url, timeoutMs: 300 })
  await t.rejects(alone.authenticate(fixturePeople.pupil.login, fixturePeople.pupil.password), DirectoryUnavailableError)
  t.equal(await alone.ping(), false)
})

t.test('when no URL answers, sign-in throws DirectoryUnavailableError without a stack trace in its message', async (t) => {
  const d = aten({ url: [`ldap://127.0.0.1:${await freePort()}`, `ldap://127.0.0.1:${await freePort()}`] })
  const err = await d.authenticate(fixturePeople.pupil.login, fixturePeople.pupil.password).catch((e: unknown) => e)
  t.type(err, DirectoryUnavailableError)
  t.notMatch((err as Error).message, /\n\s+at /)
  t.equal(await d.ping(), false)
})

t.test('a service account that cannot bind makes the directory unavailable, not the person wrong', async (t) => {
  const d = createLdapDirectory(ldapEntry(slapd, { baseDn: slapd.atenBaseDn }), 'x', { TEST_LDAP_BIND_PASSWORD: 'wrong' }, memoryLogger())
  opened.push(d)
  await t.rejects(d.authenticate(fixturePeople.pupil.login, fixturePeople.pupil.password), DirectoryUnavailableError)
  t.equal(await d.ping(), false)
})

t.test('searches after a sign-in still run as the service account, never as the person', async (t) => {
  const d = aten({ poolSize: 1 })
  await d.authenticate(fixturePeople.pupil.login, fixturePeople.pupil.password)
  const uids: string[] = []
  for await (const p of d.peopleOf('0340000X')) uids.push(p.uid)
  t.same(uids.sort(), ['compte.bloque', 'elodie.nguyen-roux', 'hugo.martin', 'lea.martin', 'parent.martin'])
})

t.test('peopleOf pages through large results', async (t) => {
  const uids: string[] = []
  for await (const p of directory({ pageSize: 2 }).peopleOf('0340000X')) uids.push(p.uid)
  t.equal(uids.length, 7)
  t.equal(new Set(uids).size, 7)
})

t.test('many concurrent sign-ins share a bounded pool and a bounded number of binds at once', async (t) => {
  const d = aten({ poolSize: 2, maxBinds: 3 })
  // Count the connections open at once, service account's and people's alike.
  const connector = (d as unknown as { connector: { open: (...a: unknown[]) => Promise<unknown>, dispose: (c: unknown) => void } }).connector
  const open = connector.open.bind(connector)
  const dispose = connector.dispose.bind(connector)
  const personal = new Set<unknown>()
  let inFlight = 0
  let most = 0
  connector.open = async (...args: unknown[]) => {
    if (args[0] === slapd.bindDn) return await open(...args)
    most = Math.max(most, ++inFlight)
    try {
      const client = await open(...args)
      personal.add(client)
      return client
    } catch (err) {
      inFlight--
      throw err
    }
  }
  connector.dispose = (client: unknown) => { if (personal.delete(client)) inFlight--; dispose(client) }
  const people = [fixturePeople.pupil, fixturePeople.sibling, fixturePeople.parent, fixturePeople.accented]
  const results = await Promise.all(Array.from({ length: 20 }, async (_, i) => {
    const f = people[i % people.length] as typeof fixturePeople.pupil
    return await d.authenticate(f.login, i % 5 === 4 ? 'wrong' : f.password).catch((err: unknown) => err)
  }))
  t.equal(results.filter((r) => r instanceof AuthenticationError).length, 4, 'wrong passwords refused')
  t.equal(results.filter((r) => !(r instanceof Error)).length, 16, 'the others signed in')
  t.ok(most <= 3, `at most 3 binds as a person at once (${most})`)
})

t.test('an unknown login takes about as long as a wrong password (dummy bind, then padding)', async (t) => {
  const d = aten()
  const median = async (login: string): Promise<number> => {
    const times: number[] = []
    for (let i = 0; i < 7; i++) {
      const started = performance.now()
      await d.authenticate(login, 'wrong').catch(() => {})
      times.push(performance.now() - started)
    }
    return times.sort((a, b) => a - b)[3] as number
  }
  const wrong = await median(fixturePeople.pupil.login)
  const unknown = await median('nobody.at.all')
  t.ok(unknown >= wrong * 0.5, `unknown login ${unknown.toFixed(1)} ms, wrong password ${wrong.toFixed(1)} ms (medians)`)
})
