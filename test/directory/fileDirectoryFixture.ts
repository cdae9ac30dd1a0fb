import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { hashPassword } from '../../src/directory/password.js'
import { fixturePeople } from './fixturePeople.js'

/** Writes the fixture people as a FileDirectory users file in dir and returns its path. */
export async function writeFixtureUsersFile (dir: string): Promise<string> {
  const users = await Promise.all(Object.values(fixturePeople).map(async (f) => ({
    login: f.login,
    passwordHash: await hashPassword(f.password),
    ...('locked' in f ? { locked: f.locked } : {}),
    ...f.person
  })))
  const path = join(dir, 'users.json')
  await writeFile(path, JSON.stringify(users, null, 2))
  return path
}
