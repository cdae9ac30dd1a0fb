import { readFileSync } from 'node:fs'
import t from 'tap'
import { KEY_TABLES, renderKeysTable, tableEnd, tableStart, withKeysTables } from '../../src/config/jsonSchema/renderKeysTable.js'

const DOC = 'docs/configuration.md'

interface Node { readonly properties?: Readonly<Record<string, Node>>, readonly items?: Node, readonly anyOf?: readonly Node[], pattern?: string, title?: string, description?: string, expected?: string }

/** Every property of a schema, nested ones included, as [path, schema]. */
function properties (schema: Node, prefix = ''): Array<[string, Node]> {
  return Object.entries(schema.properties ?? {}).flatMap(([k, s]): Array<[string, Node]> => [[`${prefix}${k}`, s], ...properties(s, `${prefix}${k}.`)])
}

/** Every sub-schema carrying a pattern, with the nearest `expected` above it. */
function patterns (s: Node, expected: string | undefined, at: string): Array<[string, string | undefined]> {
  const here = s.expected ?? expected
  return [
    ...(s.pattern === undefined ? [] : [[at, here] as [string, string | undefined]]),
    ...Object.entries(s.properties ?? {}).flatMap(([k, p]) => patterns(p, undefined, `${at}.${k}`)),
    ...(s.items === undefined ? [] : patterns(s.items, here, `${at}[]`)),
    ...(s.anyOf ?? []).flatMap((b) => patterns(b, here, at))
  ]
}

t.test('the key tables of docs/configuration.md are the rendering of the schemas (node scripts/config-tables.mjs rewrites them)', async (t) => {
  const doc = readFileSync(DOC, 'utf8')
  for (const table of KEY_TABLES) t.ok(doc.includes(`${tableStart(table)}\n${renderKeysTable(table.schema)}\n${tableEnd(table)}`), `${table.name}: between its markers, as rendered`)
  t.equal(withKeysTables(doc), doc)
})

t.test('every key of every configuration schema is documented: a row in the tables, an English meaning and a French title', async (t) => {
  const doc = readFileSync(DOC, 'utf8')
  for (const table of KEY_TABLES) {
    for (const [path, s] of properties(table.schema)) {
      t.ok(doc.includes(`| \`${path}\` |`), `${table.name} ${path}: a row`)
      t.ok((s.description ?? '') !== '', `${table.name} ${path}: a meaning`)
      t.ok((s.title ?? '') !== '', `${table.name} ${path}: a French title for "… obligatoire"`)
    }
  }
})

t.test('every pattern of the schemas has its meaning in French words, for the error line', async (t) => {
  for (const table of KEY_TABLES) {
    for (const [at, expected] of patterns(table.schema, undefined, table.name)) t.ok(expected !== undefined && expected !== '', `${at}: expected`)
  }
})
