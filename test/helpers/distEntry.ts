import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

function newest (dir: string): number {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

/**
 * The compiled entry point of a command (dist/server.js, dist/cli/import.js…), for tests that
 * run the real process as the container does. `npm test` builds first; a stale or missing build
 * fails the test rather than testing old code.
 */
export function distEntry (name: string): string {
  const path = join('dist', name)
  try { statSync(path) } catch { throw new Error(`${path} is missing: run \`npm run build\` (npm test does it)`) }
  // tsc leaves an output untouched when it would not change, so compare with the newest output.
  if (newest('src') > newest('dist')) throw new Error(`${path} is older than src/: run \`npm run build\` (npm test does it)`)
  return path
}
