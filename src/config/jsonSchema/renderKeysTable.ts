import { adminsFileSchema } from '../adminsFileSchema.js'
import { fileDirectorySchema } from '../../directory/fileDirectorySchema.js'
import { ldapDirectorySchema } from '../../directory/ldap/ldapDirectorySchema.js'
import { serviceEntrySchema } from '../../services/serviceEntrySchema.js'

interface Schema {
  readonly type?: string
  readonly const?: unknown
  readonly enum?: readonly unknown[]
  readonly anyOf?: readonly Schema[]
  readonly items?: Schema
  readonly properties?: Readonly<Record<string, Schema>>
  readonly required?: readonly string[]
  readonly pattern?: string
  readonly minLength?: number
  readonly maxLength?: number
  readonly minimum?: number
  readonly minItems?: number
  readonly default?: unknown
  readonly defaultText?: string
  readonly acceptsText?: string
  readonly description?: string
}

/** The key tables of docs/configuration.md, each rendered from the schema that checks those keys. */
export const KEY_TABLES: ReadonlyArray<{ readonly name: string, readonly source: string, readonly schema: Schema }> = [
  { name: 'services.json', source: 'src/services/serviceEntrySchema.ts', schema: serviceEntrySchema },
  { name: 'directories.json ldap', source: 'src/directory/ldap/ldapDirectorySchema.ts', schema: ldapDirectorySchema },
  { name: 'directories.json file', source: 'src/directory/fileDirectorySchema.ts', schema: fileDirectorySchema },
  { name: 'ADMINS_FILE', source: 'src/config/adminsFileSchema.ts', schema: adminsFileSchema.items }
]

const code = (v: unknown): string => `\`${typeof v === 'string' ? v : JSON.stringify(v)}\``
// A | ends a table cell even inside backticks (GitHub Flavored Markdown), unless escaped.
const cell = (text: string): string => text.replace(/\|/g, '\\|')

function accepts (s: Schema): string {
  if (s.acceptsText !== undefined) return s.acceptsText
  if (s.const !== undefined) return code(s.const)
  if (s.enum !== undefined) return s.enum.map(code).join(', ')
  if (s.anyOf !== undefined) return s.anyOf.map(accepts).join(', or ')
  switch (s.type) {
    case 'boolean': return '`true` or `false`'
    case 'integer': return s.minimum === undefined ? 'integer' : `integer ≥ ${s.minimum}`
    case 'array': return `${s.minItems === undefined ? 'list' : 'non-empty list'} of ${s.items === undefined ? 'values' : accepts(s.items)}`
    case 'object': return 'object'
    case 'string': {
      const words = s.pattern === '\\S' ? 'non-blank text' : s.pattern !== undefined ? `text matching ${code(s.pattern)}` : s.minLength === 1 ? 'non-empty text' : 'text'
      return s.maxLength === undefined ? words : `${words}, ${s.maxLength} characters at most`
    }
    default: return 'any value'
  }
}

function rows (schema: Schema, prefix: string, parentOptional: boolean): string[] {
  return Object.entries(schema.properties ?? {}).flatMap(([key, s]) => {
    const required = schema.required?.includes(key) === true
    const byDefault = s.defaultText ?? (s.default !== undefined ? code(s.default) : required ? (parentOptional ? `required in \`${prefix.slice(0, -1)}\`` : 'required') : 'none')
    const row = `| \`${prefix}${key}\` | ${cell(accepts(s))} | ${cell(byDefault)} | ${cell(s.description ?? '')} |`
    return [row, ...(s.properties === undefined ? [] : rows(s, `${prefix}${key}.`, !required))]
  })
}

/** One row per key (nested keys as `proxy.callbackPattern`), in the schema's order. */
export function renderKeysTable (schema: Schema): string {
  return ['| key | accepts | default | meaning |', '|---|---|---|---|', ...rows(schema, '', false)].join('\n')
}

type KeyTable = (typeof KEY_TABLES)[number]
/** The markers a table sits between; everything between them is renderKeysTable's output. */
export const tableStart = (t: KeyTable): string => `<!-- keys:${t.name}:start (generated from ${t.source}: node scripts/config-tables.mjs) -->`
export const tableEnd = (t: KeyTable): string => `<!-- keys:${t.name}:end -->`

/** The text with every key table found between its markers replaced by its rendering. */
export function withKeysTables (text: string): string {
  let out = text
  for (const t of KEY_TABLES) {
    const start = out.indexOf(tableStart(t))
    const end = out.indexOf(tableEnd(t))
    if (start === -1 && end === -1) continue
    if (start === -1 || end < start) throw new Error(`${tableStart(t)} … ${tableEnd(t)}: markers out of order`)
    out = `${out.slice(0, start + tableStart(t).length)}\n${renderKeysTable(t.schema)}\n${out.slice(end)}`
  }
  return out
}
