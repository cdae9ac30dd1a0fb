import { readFileSync } from 'node:fs'
import { compileConfigSchema } from '../../config/jsonSchema/compileConfigSchema.js'
import { placeName } from '../../config/jsonSchema/placeName.js'
import { ConfigError } from '../../errors/ConfigError.js'
import type { LdapDirectoryConfig } from './LdapDirectoryConfig.js'
import { ldapDirectorySchema } from './ldapDirectorySchema.js'

const checkLdapEntry = compileConfigSchema(ldapDirectorySchema, { idKey: 'id' })

/** Servers as `ldap://host:port`: whatever path a URL carries means nothing to a bind. */
function serverOf (u: string, at: string): string {
  let url: URL
  try { url = new URL(u) } catch { throw new ConfigError(`${at}: URL invalide "${u}"`) }
  if (url.hostname === '') throw new ConfigError(`${at}: URL ldap://hôte:port ou ldaps://hôte:port attendue, et non "${u}"`)
  return `${url.protocol}//${url.host}`
}

function readCa (path: string, at: string): string {
  try { return readFileSync(path, 'utf8') } catch (err) {
    throw new ConfigError(`${at}: fichier illisible "${path}" (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
  }
}

/**
 * Checks a directories.json entry of kind "ldap" against ldapDirectorySchema (keys, types,
 * limits, defaults), then what the schema cannot say: the password variable set, the CA file
 * readable, StartTLS not beside ldaps://. Throws ConfigError with one French line naming the
 * bad key, prefixed by where (e.g. config/directories.json[0]).
 */
export function parseLdapDirectoryConfig (entry: Record<string, unknown>, where: string, env: Record<string, string | undefined>): LdapDirectoryConfig {
  const e = checkLdapEntry(entry, where)
  const at = (...keys: Array<string | number>): string => placeName(where, entry, 'id', keys)
  const urls = typeof e.url === 'string' ? [serverOf(e.url, at('url'))] : e.url.map((u, i) => serverOf(u, at('url', i)))
  const passwordEnv = e.bindPasswordEnv.trim()
  const bindPassword = env[passwordEnv]
  if (bindPassword === undefined || bindPassword === '') {
    throw new ConfigError(`${at('bindPasswordEnv')}: la variable d'environnement ${passwordEnv} (mot de passe du compte de service) n'est pas définie`)
  }
  if (e.startTls && urls.some((u) => u.startsWith('ldaps:'))) {
    throw new ConfigError(`${at('startTls')}: inutile avec une URL ldaps:// (choisir l'un ou l'autre)`)
  }
  const config: LdapDirectoryConfig = {
    id: e.id,
    label: e.label.trim(),
    urls,
    bindDn: e.bindDn.trim(),
    bindPassword,
    baseDn: e.baseDn.trim(),
    loginAttribute: e.loginAttribute,
    attributes: { uid: e.loginAttribute, ...e.attributes },
    startTls: e.startTls,
    connectTimeoutMs: e.connectTimeoutMs,
    timeoutMs: e.timeoutMs,
    poolSize: e.poolSize,
    maxBinds: e.maxBinds,
    pageSize: e.pageSize
  }
  if (e.caFile !== undefined) config.ca = readCa(e.caFile.trim(), at('caFile'))
  return config
}
