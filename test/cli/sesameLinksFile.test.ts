import { rmSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { FileLinkStore } from '../../src/pronote/FileLinkStore.js'
import { linksScenario } from './linksScenario.js'

// `sesame links …` in embedded mode: the links in DATA_DIR/pronote-links.json.
linksScenario(t, {
  place: (cwd) => join(cwd, 'data', 'pronote-links.json'),
  env: (cwd) => ({ DATA_DIR: join(cwd, 'data') }),
  open: async (cwd) => await FileLinkStore.open(join(cwd, 'data')),
  wipe: async (cwd) => { rmSync(join(cwd, 'data'), { recursive: true, force: true }) }
})
