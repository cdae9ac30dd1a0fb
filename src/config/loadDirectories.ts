import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { pino } from 'pino'
import { createLdapDirectory } from '../directory/ldap/createLdapDirectory.js'
import type { LdapLogger } from '../directory/ldap/LdapDirectory.js'
import type { Directory } from '../directory/Directory.js'
import { FileDirectory } from '../directory/FileDirectory.js'
import { ConfigError } from '../errors/ConfigError.js'
import { directoriesFileSchema } from './directoriesFileSchema.js'
import { compileConfigSchema } from './jsonSchema/compileConfigSchema.js'
import { parseJsonFile } from './parseJsonFile.js'
import type { Config } from './Config.js'
import { loggerOptions } from '../logger.js'

const checkDirectoriesFile = compileConfigSchema(directoriesFileSchema, { entriesBy: 'id' })

/**
 * Parses a directories.json document into directories; `source` names it in errors. Each entry's
 * keys are checked once, by the schema of its kind (directoriesFileSchema.ts); only unique ids
 * are checked here, before any directory is built.
 */
export async function parseDirectories (data: unknown, source: string, env: Record<string, string | undefined>, log: LdapLogger): Promise<Directory[]> {
  const entries = checkDirectoriesFile(data, source)
  entries.forEach((e, i) => {
    if (entries.findIndex((other) => other.id === e.id) < i) throw new ConfigError(`${source}[${i}].id: "${e.id}" est déjà utilisé`)
  })
  const out: Directory[] = []
  for (const [i, e] of entries.entries()) {
    // Relative paths are taken from the working directory, like SERVICES_FILE and DIRECTORIES_FILE.
    if (e.kind === 'file') out.push(await FileDirectory.load(e.id, e.label.trim(), resolve(e.path)))
    else out.push(createLdapDirectory(e, `${source}[${i}]`, env, log))
  }
  return out
}

/**
 * Reads DIRECTORIES_FILE and builds its directories. The server passes its logger; the command
 * line, which has none, gets one at the configuration's LOG_LEVEL, read and checked once.
 */
export async function loadDirectories (config: Config, env: Record<string, string | undefined> = process.env, log: LdapLogger = pino(loggerOptions(config.logLevel))): Promise<Directory[]> {
  let text: string
  try { text = await readFile(config.directoriesFile, 'utf8') } catch (err) {
    throw new ConfigError(`DIRECTORIES_FILE: ${config.directoriesFile} illisible (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
  }
  const data = parseJsonFile(text, config.directoriesFile)
  return await parseDirectories(data, config.directoriesFile, env, log)
}
