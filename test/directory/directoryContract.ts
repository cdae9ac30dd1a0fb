import type { Test } from 'tap'
import { AuthenticationError } from '../../src/directory/AuthenticationError.js'
import type { Directory } from '../../src/directory/Directory.js'
import type { Person } from '../../src/directory/Person.js'
import { fixturePeople } from './fixturePeople.js'
import type { FixturePerson } from './fixturePeople.js'

async function refusal (t: Test, attempt: Promise<Person>, reason: string, what: string): Promise<AuthenticationError | undefined> {
  try {
    const person = await attempt
    t.fail(`${what}: signed in as ${person.uid}`)
  } catch (err) {
    if (!(err instanceof AuthenticationError)) { t.fail(`${what}: ${String(err)}`); return undefined }
    t.equal(err.reason, reason, what)
    return err
  }
  return undefined
}

function withoutDn (p: Person): Omit<Person, 'dn'> {
  const { dn, ...rest } = p
  void dn
  return rest
}

async function uidsOf (people: AsyncIterable<Person>): Promise<string[]> {
  const uids: string[] = []
  for await (const p of people) uids.push(p.uid)
  return uids.sort()
}

/**
 * The rules every Directory implementation follows, checked against the fixture people
 * (test/directory/fixturePeople.ts). make builds a directory holding them; it is closed at the end.
 */
export function directoryContract (t: Test, make: () => Promise<Directory>): void {
  let directory: Directory
  t.before(async () => { directory = await make() })
  t.teardown(async () => { await directory?.close() })

  const profiles: Array<[string, FixturePerson]> = [
    ['a pupil', fixturePeople.pupil],
    ['a pupil whose name has accents and an apostrophe, and whose password has spaces and accents', fixturePeople.accented],
    ['a parent, with one child named by DN and the other by uid', fixturePeople.parent],
    ['a teacher with two profiles in two establishments', fixturePeople.teacher],
    ['a member of the other staff', fixturePeople.staff]
  ]
  for (const [who, fixture] of profiles) {
    t.test(`${who} signs in and gets every attribute of the entry`, async (t) => {
      const person = await directory.authenticate(fixture.login, fixture.password)
      t.same(withoutDn(person), { ...fixture.person, directoryId: directory.id })
    })
  }

  t.test('logins compare without case and without surrounding spaces', async (t) => {
    const person = await directory.authenticate('  Lea.MARTIN ', fixturePeople.pupil.password)
    t.equal(person.uid, 'lea.martin')
  })

  t.test('a wrong password and an unknown login get the same refusal', async (t) => {
    const wrong = await refusal(t, directory.authenticate(fixturePeople.pupil.login, 'not-the-password'), 'invalidCredentials', 'wrong password')
    const unknown = await refusal(t, directory.authenticate('nobody.here', 'whatever'), 'invalidCredentials', 'unknown login')
    t.equal(wrong?.message, unknown?.message)
  })

  t.test('an empty password is refused, even for an existing login', async (t) => {
    await refusal(t, directory.authenticate(fixturePeople.pupil.login, ''), 'invalidCredentials', 'empty password')
  })

  t.test('the password is compared exactly: no trimming, no case folding', async (t) => {
    await refusal(t, directory.authenticate(fixturePeople.accented.login, `${fixturePeople.accented.password} `), 'invalidCredentials', 'trailing space')
    await refusal(t, directory.authenticate(fixturePeople.accented.login, 'mot de passe a eec u'), 'invalidCredentials', 'accents stripped')
  })

  t.test('filter injection attempts in the login never authenticate', async (t) => {
    for (const login of ['*', ')(uid=*', '\\00', '\0', '*)(|(uid=*', 'lea.martin)(uid=*', 'lea*', 'lea.martin\\']) {
      await refusal(t, directory.authenticate(login, fixturePeople.pupil.password), 'invalidCredentials', JSON.stringify(login))
    }
  })

  t.test('a locked account is never signed in, and a wrong password never tells it is locked', async (t) => {
    const wrong = await refusal(t, directory.authenticate(fixturePeople.locked.login, 'not-the-password'), 'invalidCredentials', 'locked account, wrong password')
    t.equal(wrong?.message, 'Identifiant ou mot de passe incorrect.')
    // With its right password, "locked" may be told only where the directory can prove the
    // password (FileDirectory); an LDAP server refuses a locked bind whatever the password.
    const right = await directory.authenticate(fixturePeople.locked.login, fixturePeople.locked.password).catch((e: unknown) => e)
    t.type(right, AuthenticationError, 'locked account, right password')
    t.ok(['locked', 'invalidCredentials'].includes((right as AuthenticationError).reason))
  })

  t.test('peopleOf lists everyone attached to an establishment, whatever the case of the UAI', async (t) => {
    const all = Object.values(fixturePeople)
    t.same(await uidsOf(directory.peopleOf('0340000X')), all.filter((f) => f.person.uais.includes('0340000X')).map((f) => f.person.uid).sort())
    t.same(await uidsOf(directory.peopleOf('0341111a')), ['prof.durand'])
    t.same(await uidsOf(directory.peopleOf('9999999Z')), [])
    t.same(await uidsOf(directory.peopleOf('*')), [], 'a wildcard is a value, not a pattern')
  })

  t.test('peopleOf gives the same attributes as a sign-in', async (t) => {
    for await (const p of directory.peopleOf('0341111A')) {
      t.same(withoutDn(p), { ...fixturePeople.teacher.person, directoryId: directory.id })
    }
  })

  t.test('ping answers true when the directory works', async (t) => {
    t.equal(await directory.ping(), true)
  })
}
