import { directoryIdentity } from './ldap/ldapDirectorySchema.js'

/** A directories.json entry of kind "file": people with scrypt hashes, read from `path`. */
export const fileDirectorySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'label', 'kind', 'path'],
  properties: {
    ...directoryIdentity,
    kind: { const: 'file', title: 'type d\'annuaire', description: 'the kind of directory' },
    path: { type: 'string', minLength: 1, title: 'chemin du fichier d\'utilisateurs', description: 'the users file, relative to the working directory' }
  }
} as const
