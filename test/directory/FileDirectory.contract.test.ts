import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { FileDirectory } from '../../src/directory/FileDirectory.js'
import { directoryContract } from './directoryContract.js'
import { writeFixtureUsersFile } from './fileDirectoryFixture.js'
import { fixturePeople } from './fixturePeople.js'

directoryContract(t, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sesame-file-directory-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  return await FileDirectory.load('demo', 'Comptes de démonstration', await writeFixtureUsersFile(dir))
})

t.test('a users file proves the password before telling a lock: "locked" with the right password only', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sesame-file-directory-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const directory = await FileDirectory.load('demo', 'Comptes de démonstration', await writeFixtureUsersFile(dir))
  await t.rejects(directory.authenticate(fixturePeople.locked.login, fixturePeople.locked.password), { reason: 'locked', message: /bloqué/ })
  await t.rejects(directory.authenticate(fixturePeople.locked.login, 'wrong'), { reason: 'invalidCredentials', message: 'Identifiant ou mot de passe incorrect.' })
})
