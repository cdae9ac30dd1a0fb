import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/**
 * Every Debian package the whole suite needs, as [binary path, package]. `npm test` installs them
 * all at once before any test file starts: tap runs files in parallel, and two apt-get processes
 * at the same time fail on apt's lock.
 */
export const TEST_PACKAGES = [
  ['/usr/bin/redis-server', 'redis-server'],
  ['/usr/bin/redis-cli', 'redis-tools'],
  ['/usr/sbin/slapd', 'slapd'],
  ['/usr/bin/ldapadd', 'ldap-utils'],
  ['/usr/bin/chromium', 'chromium'],
  ['/usr/sbin/apache2', 'apache2'],
  ['/usr/lib/apache2/modules/mod_auth_cas.so', 'libapache2-mod-auth-cas'],
  ['/usr/bin/docker-compose', 'docker-compose'],
  ['/usr/sbin/nginx', 'nginx'],
  ['/usr/bin/promtool', 'prometheus']
]

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)

/**
 * Makes sure Debian packages are present: each entry is [binary path, package]. Missing ones are
 * installed with apt-get when running as root; otherwise the error names what to install. When
 * another apt-get holds the lock (a test file run on its own beside another), it waits for it and
 * tries again, for up to five minutes.
 */
export function ensurePackages (wanted) {
  const missingOf = () => wanted.filter(([bin]) => !existsSync(bin)).map(([, pkg]) => pkg)
  let missing = missingOf()
  if (missing.length === 0) return
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(' ')} (run: sudo apt-get install ${missing.join(' ')})`)
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const deadline = Date.now() + 300_000
  for (;;) {
    process.stderr.write(`installing ${missing.join(' ')}…\n`)
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'pipe'], env })
      execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: ['ignore', 'ignore', 'pipe'], env })
      return
    } catch (err) {
      const stderr = String(err.stderr ?? '')
      missing = missingOf()
      if (missing.length === 0) return
      if (!/lock/i.test(stderr) || Date.now() > deadline) {
        throw new Error(`apt-get could not install ${missing.join(' ')}: ${stderr.trim().split('\n').pop() ?? err.message}`)
      }
      sleep(2000)
    }
  }
}
