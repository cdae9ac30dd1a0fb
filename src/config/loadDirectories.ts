import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { createLdapDirectory } from '../directory/ldap/createLdapDirectory.js'
import type { LdapLogger } from '../directory/ldap/LdapDirectory.js'
import type { Directory } from '../directory/Directory.js'
import { FileDirectory } from '../directory/FileDirectory.js'
import { ConfigError } from '../errors/ConfigError.js'
import { parseJsonFile } from './parseJsonFile.js'
import type { Config } from './Config.js'

/** Parses a directories.json document into directories; `source` names it in errors. */
export async function parseDirectories (data: unknown, source: string, env: Record<string, string | undefined>, log?: LdapLogger): Promise<Directory[]> {
  if (!Array.isArray(data) || data.length === 0) throw new ConfigError(`${source}: un tableau non vide d'annuaires est attendu`)
  const out: Directory[] = []
  for (const [i, raw] of data.entries()) {
    const where = `${source}[${i}]`
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(`${where}: objet attendu`)
    const e = raw as Record<string, unknown>
    if (typeof e.id !== 'string' || !/^[a-z0-9_-]{1,32}$/.test(e.id)) throw new ConfigError(`${where}.id: identifiant obligatoire ([a-z0-9_-], 32 caractères au plus)`)
    if (out.some((d) => d.id === e.id)) throw new ConfigError(`${where}.id: "${e.id}" est déjà utilisé`)
    if (typeof e.label !== 'string' || e.label.trim() === '') throw new ConfigError(`${where}.label: libellé obligatoire`)
    if (e.kind === 'file') {
      if (typeof e.path !== 'string' || e.path === '') throw new ConfigError(`${where}.path: chemin du fichier d'utilisateurs obligatoire`)
      // Relative paths are taken from the working directory, like SERVICES_FILE and DIRECTORIES_FILE.
      out.push(await FileDirectory.load(e.id, e.label.trim(), resolve(e.path)))
    } else if (e.kind === 'ldap') {
      out.push(createLdapDirectory(e, where, env, log))
    } else {
      throw new ConfigError(`${where}.kind: "ldap" ou "file" attendu (reçu ${JSON.stringify(e.kind)})`)
    }
  }
  return out
}

/** Reads DIRECTORIES_FILE and builds its directories. */
export async function loadDirectories (config: Config, env: Record<string, string | undefined> = process.env, log?: LdapLogger): Promise<Directory[]> {
  let text: string
  try { text = await readFile(config.directoriesFile, 'utf8') } catch (err) {
    throw new ConfigError(`DIRECTORIES_FILE: ${config.directoriesFile} illisible (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
  }
  const data = parseJsonFile(text, config.directoriesFile)
  return await parseDirectories(data, config.directoriesFile, env, log)
}
