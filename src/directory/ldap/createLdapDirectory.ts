import { pino } from 'pino'
import type { Directory } from '../Directory.js'
import { LdapDirectory } from './LdapDirectory.js'
import type { LdapLogger } from './LdapDirectory.js'
import { parseLdapDirectoryConfig } from './parseLdapDirectoryConfig.js'

/**
 * Builds an LDAP directory from its directories.json entry; where prefixes ConfigError messages
 * (e.g. config/directories.json[0]) and env holds the service account's password variable.
 * Nothing connects yet: the first sign-in, search or ping does. Warnings go to a pino logger at
 * LOG_LEVEL unless log is given.
 */
export function createLdapDirectory (entry: Record<string, unknown>, where: string, env: Record<string, string | undefined>, log?: LdapLogger): Directory {
  const config = parseLdapDirectoryConfig(entry, where, env)
  return new LdapDirectory(config, log ?? pino({ name: 'sesame', level: env.LOG_LEVEL ?? 'info' }).child({ directory: config.id }))
}
