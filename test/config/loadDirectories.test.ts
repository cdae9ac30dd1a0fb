import t from 'tap'
import { parseDirectories } from '../../src/config/loadDirectories.js'

t.test('an invalid directories file stops the start with a line naming the entry', async (t) => {
  const cases: Array<[unknown, RegExp]> = [
    [[], /un tableau non vide/],
    [[{ label: 'x', kind: 'file', path: 'config/demo-users.json' }], /directories\.json\[0\]\.id/],
    [[{ id: 'a', kind: 'file', path: 'config/demo-users.json' }], /\[0\]\.label/],
    [[{ id: 'a', label: 'A', kind: 'sql' }], /\[0\]\.kind/],
    [[{ id: 'a', label: 'A', kind: 'file' }], /\[0\]\.path/],
    [[{ id: 'a', label: 'A', kind: 'file', path: 'nowhere.json' }], /nowhere\.json: fichier d'utilisateurs illisible/],
    [[{ id: 'a', label: 'A', kind: 'file', path: 'config/demo-users.json' }, { id: 'a', label: 'B', kind: 'file', path: 'config/demo-users.json' }], /\[1\]\.id: "a" est déjà utilisé/]
  ]
  for (const [data, message] of cases) await t.rejects(parseDirectories(data, 'directories.json', {}, { warn: () => {} }), { name: 'ConfigError', message })
})

t.test('the demo directories shipped in config/ load', async (t) => {
  const { loadDirectories } = await import('../../src/config/loadDirectories.js')
  const { loadEnv } = await import('../../src/config/loadEnv.js')
  const dirs = await loadDirectories(loadEnv({}))
  t.ok(dirs.length > 0)
})
