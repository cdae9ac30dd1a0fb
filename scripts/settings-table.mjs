#!/usr/bin/env node
// Rewrites README.md's Settings table from src/config/settings.ts (built into dist/ first), so
// that the table is never edited by hand; test/config/settingsTable.test.ts fails until it is run.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'

const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)
const { withSettingsTable } = await import('../dist/config/renderSettingsTable.js')
const before = readFileSync('README.md', 'utf8')
const after = withSettingsTable(before)
if (after === before) {
  console.log('README.md: Settings table already up to date')
} else {
  writeFileSync('README.md', after)
  console.log('README.md: Settings table rewritten from src/config/settings.ts')
}
