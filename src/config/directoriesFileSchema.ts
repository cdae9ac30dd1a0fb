import { fileDirectorySchema } from '../directory/fileDirectorySchema.js'
import { ldapDirectorySchema } from '../directory/ldap/ldapDirectorySchema.js'

/** directories.json: a non-empty array of entries, each checked by the schema its `kind` names. */
export const directoriesFileSchema = {
  type: 'array',
  minItems: 1,
  expected: 'un tableau non vide d\'annuaires',
  items: { type: 'object', discriminator: { propertyName: 'kind' }, oneOf: [ldapDirectorySchema, fileDirectorySchema] }
} as const
