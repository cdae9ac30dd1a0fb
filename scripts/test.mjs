#!/usr/bin/env node
// `npm test`: starts a throwaway redis-server and slapd on free loopback ports in a temporary
// folder, runs the whole tap suite against them, stops them, and ends with one line
// "N passed, N failed" counted from the TAP stream (every assertion, at every depth).
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensurePackages, TEST_PACKAGES } from './testServices/ensurePackages.mjs'
import { startRedis } from './testServices/redis.mjs'
import { startSlapd } from './testServices/slapd.mjs'

// Tests that run the real processes (server, import command) run the build, as the container does.
const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' })
if (build.status !== 0) {
  console.log('0 passed, 1 failed')
  process.exit(1)
}

const dir = mkdtempSync(join(tmpdir(), 'sesame-test-'))
const stops = []
let code = 1
try {
  // All at once, before tap runs files in parallel (see TEST_PACKAGES).
  ensurePackages(TEST_PACKAGES)
  const redis = await startRedis({ dir: join(dir, 'redis') })
  stops.push(redis.stop)
  const slapd = await startSlapd({ dir: join(dir, 'slapd') })
  stops.push(slapd.stop)
  const env = {
    ...process.env,
    SESAME_TEST_REDIS_URL: redis.url,
    SESAME_TEST_LDAP_URL: slapd.url,
    SESAME_TEST_LDAP_BASE_DN: slapd.baseDn,
    SESAME_TEST_LDAP_BIND_DN: slapd.bindDn,
    SESAME_TEST_LDAP_BIND_PASSWORD: slapd.bindPassword,
    SESAME_TEST_TMP: dir
  }
  const args = ['tap', '--reporter=tap', ...process.argv.slice(2)]
  const child = spawn('npx', args, { env, stdio: ['ignore', 'pipe', 'inherit'] })
  // tap's closing comment counts every assertion of every file: "# { total: 47, pass: 46, fail: 1 }".
  let tail = ''
  child.stdout.on('data', (chunk) => { process.stdout.write(chunk); tail = (tail + chunk.toString()).slice(-4096) })
  code = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)))
  const summary = [...tail.matchAll(/^# \{ total: \d+.*\}$/gm)].pop()?.[0] ?? ''
  const passed = Number(/pass: (\d+)/.exec(summary)?.[1] ?? 0)
  let failed = Number(/fail: (\d+)/.exec(summary)?.[1] ?? 0)
  // A run that failed without a failing assertion (a file that crashed, a timeout) still fails.
  if (code !== 0 && failed === 0) failed = 1
  console.log(`${passed} passed, ${failed} failed`)
} catch (err) {
  console.error(`npm test: ${err instanceof Error ? err.message : String(err)}`)
  console.log('0 passed, 1 failed')
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {})
  rmSync(dir, { recursive: true, force: true })
}
process.exit(code)
