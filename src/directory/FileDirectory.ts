import { readFile } from 'node:fs/promises'
import { ConfigError } from '../errors/ConfigError.js'
import { parseJsonFile } from '../config/parseJsonFile.js'
import { AuthenticationError } from './AuthenticationError.js'
import type { Directory } from './Directory.js'
import { parseBirthDate } from './parseBirthDate.js'
import { DUMMY_HASH, isPasswordHash, verifyPassword } from './password.js'
import type { Person } from './Person.js'

interface FileUser {
  login: string
  passwordHash: string
  locked: boolean
  person: Person
}

function strings (v: unknown, where: string): string[] {
  if (v === undefined) return []
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new ConfigError(`${where}: liste de chaînes attendue`)
  return (v as string[]).map((s) => s.trim()).filter((s) => s !== '')
}

function optional (v: unknown, where: string): string | undefined {
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'string') throw new ConfigError(`${where}: chaîne attendue`)
  return v.trim() === '' ? undefined : v.trim()
}

function parseUser (raw: unknown, i: number, path: string, directoryId: string): FileUser {
  const where = `${path}[${i}]`
  if (typeof raw !== 'object' || raw === null) throw new ConfigError(`${where}: objet attendu`)
  const u = raw as Record<string, unknown>
  const login = optional(u.login, `${where}.login`)
  if (login === undefined) throw new ConfigError(`${where}.login: obligatoire`)
  const passwordHash = optional(u.passwordHash, `${where}.passwordHash`)
  if (passwordHash === undefined || !isPasswordHash(passwordHash)) {
    throw new ConfigError(`${where}.passwordHash: empreinte scrypt attendue (npm run hash-password)`)
  }
  const birth = optional(u.dateNaissance, `${where}.dateNaissance`)
  const dateNaissance = birth === undefined ? undefined : parseBirthDate(birth)
  if (birth !== undefined && dateNaissance === undefined) throw new ConfigError(`${where}.dateNaissance: date invalide "${birth}"`)
  const person: Person = {
    uid: optional(u.uid, `${where}.uid`) ?? login,
    directoryId,
    profiles: strings(u.profiles, `${where}.profiles`),
    uais: strings(u.uais, `${where}.uais`).map((s) => s.toUpperCase()),
    children: strings(u.children, `${where}.children`)
  }
  const fields = ['nom', 'prenom', 'codePostal', 'jointure'] as const
  for (const f of fields) {
    const v = optional(u[f], `${where}.${f}`)
    if (v !== undefined) person[f] = v
  }
  if (dateNaissance !== undefined) person.dateNaissance = dateNaissance
  return { login, passwordHash, locked: u.locked === true, person }
}

async function readUsers (path: string, directoryId: string): Promise<{ users: Map<string, FileUser>, demo: boolean }> {
  let text: string
  try { text = await readFile(path, 'utf8') } catch (err) {
    throw new ConfigError(`${path}: fichier d'utilisateurs illisible (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
  }
  const data = parseJsonFile(text, path)
  if (!Array.isArray(data)) throw new ConfigError(`${path}: un tableau d'utilisateurs est attendu`)
  const users = data.map((u, i) => parseUser(u, i, path, directoryId))
  const seen = new Set<string>()
  for (const u of users) {
    if (seen.has(u.login.toLowerCase())) throw new ConfigError(`${path}: identifiant en double "${u.login}"`)
    seen.add(u.login.toLowerCase())
  }
  // Logins compare case-insensitively, as LDAP's uid does.
  return {
    users: new Map(users.map((u) => [u.login.toLowerCase(), u])),
    demo: data.some((u) => typeof u === 'object' && u !== null && (u as Record<string, unknown>).demo === true)
  }
}

/** Users kept in a JSON file with scrypt hashes: demonstrations, tests, and small set-ups. */
export class FileDirectory implements Directory {
  readonly id: string
  readonly label: string
  /** The users file, as resolved when loaded. */
  readonly path: string
  private users: Map<string, FileUser>
  private demoMarked: boolean

  private constructor (id: string, label: string, path: string, read: { users: Map<string, FileUser>, demo: boolean }) {
    this.id = id
    this.label = label
    this.path = path
    this.users = read.users
    this.demoMarked = read.demo
  }

  static async load (id: string, label: string, path: string): Promise<FileDirectory> {
    return new FileDirectory(id, label, path, await readUsers(path, id))
  }

  /** Whether a user of the file carries `"demo": true`: demonstration accounts (config/demo-users.json). */
  get demo (): boolean { return this.demoMarked }

  /**
   * Reads the file again (SIGHUP). The new users replace the old ones in one assignment, so a
   * sign-in in flight sees one set or the other; a file that does not parse throws a ConfigError
   * and the previous users stay.
   */
  async reload (): Promise<number> {
    const read = await readUsers(this.path, this.id)
    this.users = read.users
    this.demoMarked = read.demo
    return read.users.size
  }

  async authenticate (login: string, password: string): Promise<Person> {
    const user = this.users.get(login.trim().toLowerCase())
    // An unknown login costs one scrypt too, so that timing does not tell which logins exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH)
    if (user === undefined || !ok || password === '') throw new AuthenticationError('invalidCredentials')
    if (user.locked) throw new AuthenticationError('locked')
    return structuredClone(user.person)
  }

  async * peopleOf (uai: string): AsyncIterable<Person> {
    const wanted = uai.toUpperCase()
    for (const u of this.users.values()) {
      if (u.person.uais.includes(wanted)) yield structuredClone(u.person)
    }
  }

  async ping (): Promise<boolean> { return true }
  async close (): Promise<void> {}
}
