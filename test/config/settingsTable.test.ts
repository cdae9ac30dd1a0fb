import { readFileSync } from 'node:fs'
import t from 'tap'
import { loadEnv } from '../../src/config/loadEnv.js'
import { renderSettingsTable, withSettingsTable } from '../../src/config/renderSettingsTable.js'
import { type Setting, SETTINGS as SCHEMA } from '../../src/config/settings.js'

const SETTINGS: readonly Setting[] = SCHEMA
const names = SETTINGS.map((s) => s.name)

t.test('the README Settings table is the rendering of the settings schema (node scripts/settings-table.mjs rewrites it)', async (t) => {
  const readme = readFileSync('README.md', 'utf8')
  t.equal(withSettingsTable(readme), readme)
  t.ok(readme.includes(renderSettingsTable()), 'the rendering sits between the markers')
})

t.test('every schema variable is in .env.example, and .env.example names nothing else but LDAP service passwords', async (t) => {
  const documented = [...readFileSync('.env.example', 'utf8').matchAll(/^#?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1] as string)
  t.same(names.filter((n) => !documented.includes(n)), [], 'none missing from .env.example')
  // The passwords of LDAP service accounts are named by bindPasswordEnv in directories.json, not by Sésame.
  t.same(documented.filter((n) => !names.includes(n) && !/_BIND_PASSWORD$/.test(n)), [], 'none unknown to the schema')
})

t.test('the schema lists exactly the variables loadEnv reads', async (t) => {
  const read = new Set<string>()
  const watched = (env: Record<string, string>): Record<string, string | undefined> =>
    new Proxy(env, { get: (target, key) => { if (typeof key === 'string') read.add(key); return target[key as string] } })
  loadEnv(watched({}))
  loadEnv(watched({ REDIS_SENTINELS: 's1:26379' }))
  t.same([...read].filter((n) => !names.includes(n)), [], 'read but not in the schema')
  t.same(names.filter((n) => !read.has(n)), [], 'in the schema but never read')
})

t.test('every integer setting has its default within its range, and refuses values outside it naming the variable and the range', async (t) => {
  const defaults = loadEnv({})
  t.equal(defaults.port, 8080, 'the defaults are the ones loadEnv uses')
  for (const s of SETTINGS) {
    if (s.kind.type !== 'integer') continue
    const { min, max } = s.kind
    t.ok(typeof s.default === 'number' && s.default >= min && s.default <= max, `${s.name}: default ${s.default} within ${min}..${max}`)
    t.throws(() => loadEnv({ [s.name]: String(max + 1) }), { name: 'ConfigError', message: `${s.name}: ${max + 1} doit être compris entre ${min} et ${max}` }, `${s.name} above its range`)
    if (min > 0) t.throws(() => loadEnv({ [s.name]: String(min - 1) }), { name: 'ConfigError', message: `${s.name}: ${min - 1} doit être compris entre ${min} et ${max}` }, `${s.name} below its range`)
    t.throws(() => loadEnv({ [s.name]: '1.5' }), { name: 'ConfigError', message: `${s.name}: "1.5" n'est pas un entier positif` }, `${s.name} not an integer`)
  }
})

t.test('every enum setting accepts its values and refuses others naming the variable', async (t) => {
  // With Redis, so that REDIS_TLS is not refused first for having no Redis to apply to.
  const base = { REDIS_URL: 'redis://127.0.0.1:6379' }
  for (const s of SETTINGS) {
    if (s.kind.type !== 'enum') continue
    for (const v of s.kind.values) t.doesNotThrow(() => loadEnv({ ...base, [s.name]: v }), `${s.name}=${v}`)
    t.throws(() => loadEnv({ ...base, [s.name]: 'bogus' }), { name: 'ConfigError', message: new RegExp(`^${s.name}: "bogus" inconnu \\(attendu : `) }, `${s.name}=bogus`)
  }
})

t.test('every URL setting accepts exactly the schemes the schema lists', async (t) => {
  for (const s of SETTINGS) {
    if (s.kind.type !== 'url') continue
    for (const scheme of s.kind.schemes) t.doesNotThrow(() => loadEnv({ [s.name]: `${scheme}://localhost:6379/` }), `${s.name} ${scheme}://`)
    t.throws(() => loadEnv({ [s.name]: 'ftp://localhost:6379/' }), { name: 'ConfigError', message: new RegExp(`^${s.name}: `) }, `${s.name} ftp://`)
  }
})
