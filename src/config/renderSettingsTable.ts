import { type Setting, type SettingKind, SETTINGS } from './settings.js'

/** The README markers the table sits between; everything between them is this module's output. */
export const TABLE_START = '<!-- settings:start (generated from src/config/settings.ts: node scripts/settings-table.mjs) -->'
export const TABLE_END = '<!-- settings:end -->'

function kindText (kind: SettingKind): string {
  switch (kind.type) {
    case 'integer': return `integer, ${kind.min} to ${kind.max}`
    case 'string': return 'text'
    case 'secret': return 'secret, kept as written'
    case 'enum': return kind.values.map((v) => `\`${v}\``).join(', ')
    case 'url': return `URL (${kind.schemes.map((s) => `\`${s}://\``).join(', ')})`
    case 'file': return 'path'
    case 'list': return `comma-separated: ${kind.item}`
  }
}

function defaultText (s: Setting): string {
  if (s.defaultText !== undefined) return s.defaultText
  return s.default === undefined ? 'unset' : `\`${s.default}\``
}

/** The Settings table of the README, one row per variable, in the schema's order. */
export function renderSettingsTable (settings: readonly Setting[] = SETTINGS): string {
  const rows = settings.map((s) => `| \`${s.name}\` | ${kindText(s.kind)} | ${defaultText(s)} | ${s.meaning} |`)
  return ['| variable | accepts | default | meaning |', '|---|---|---|---|', ...rows].join('\n')
}

/** README text with the table between the markers replaced by the rendering; throws without both markers. */
export function withSettingsTable (readme: string, table: string = renderSettingsTable()): string {
  const start = readme.indexOf(TABLE_START)
  const end = readme.indexOf(TABLE_END)
  if (start === -1 || end < start) throw new Error(`README: ${TABLE_START} … ${TABLE_END} not found`)
  return `${readme.slice(0, start + TABLE_START.length)}\n${table}\n${readme.slice(end)}`
}
