#!/usr/bin/env node
// Rewrites the key tables of docs/configuration.md from the JSON Schemas of the
// configuration files (built into dist/ first), so that no table is edited by hand;
// test/config/keysTables.test.ts fails until it is run.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'

const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)
const { withKeysTables } = await import('../dist/config/jsonSchema/renderKeysTable.js')
for (const file of ['docs/configuration.md']) {
  const before = readFileSync(file, 'utf8')
  const after = withKeysTables(before)
  if (after === before) console.log(`${file}: key tables already up to date`)
  else { writeFileSync(file, after); console.log(`${file}: key tables rewritten from the schemas`) }
}
