import type { Directory } from '../Directory.js'
import { LdapDirectory } from './LdapDirectory.js'
import type { LdapLogger } from './LdapDirectory.js'
import { parseLdapDirectoryConfig } from './parseLdapDirectoryConfig.js'

/**
 * Builds an LDAP directory from its directories.json entry; where prefixes ConfigError messages
 * (e.g. config/directories.json[0]) and env holds the service account's password variable.
 * Nothing connects yet: the first sign-in, search or ping does. Its warnings go to log, the
 * process's logger: the level is read once, with the rest of the configuration.
 */
export function createLdapDirectory (entry: Record<string, unknown>, where: string, env: Record<string, string | undefined>, log: LdapLogger): Directory {
  const config = parseLdapDirectoryConfig(entry, where, env)
  return new LdapDirectory(config, log)
}
