import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { FileDirectory } from '../../src/directory/FileDirectory.js'
import { directoryContract } from './directoryContract.js'
import { writeFixtureUsersFile } from './fileDirectoryFixture.js'

directoryContract(t, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sesame-file-directory-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  return await FileDirectory.load('demo', 'Comptes de démonstration', await writeFixtureUsersFile(dir))
})
