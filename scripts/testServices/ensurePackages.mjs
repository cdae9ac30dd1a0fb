import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/**
 * Makes sure Debian packages are present: each entry is [binary path, package]. Missing ones are
 * installed with apt-get when running as root; otherwise the error names what to install.
 */
export function ensurePackages (wanted) {
  const missing = wanted.filter(([bin]) => !existsSync(bin)).map(([, pkg]) => pkg)
  if (missing.length === 0) return
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(' ')} (run: sudo apt-get install ${missing.join(' ')})`)
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  process.stderr.write(`installing ${missing.join(' ')}…\n`)
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env })
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: ['ignore', 'ignore', 'inherit'], env })
}
