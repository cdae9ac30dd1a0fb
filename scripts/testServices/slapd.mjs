import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensurePackages } from './ensurePackages.mjs'
import { freePort, waitForPort } from './freePort.mjs'

const SLAPD = '/usr/sbin/slapd'
const SLAPADD = '/usr/sbin/slapadd'
const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/ldap')
const SUFFIX = 'dc=sesame,dc=test'
const BIND_DN = `cn=cas,ou=system,${SUFFIX}`
const BIND_PASSWORD = 'cas-secret'

function slapdConf (dir, tls) {
  const schema = ['core', 'cosine', 'inetorgperson', 'namedobject'].map((s) => `include /etc/ldap/schema/${s}.schema`)
  return [
    ...schema,
    `include ${join(FIXTURES, 'ent.schema')}`,
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    'moduleload ppolicy',
    `pidfile ${join(dir, 'slapd.pid')}`,
    `argsfile ${join(dir, 'slapd.args')}`,
    ...(tls ? [`TLSCertificateFile ${join(dir, 'cert.pem')}`, `TLSCertificateKeyFile ${join(dir, 'key.pem')}`] : []),
    'database mdb',
    `suffix "${SUFFIX}"`,
    `rootdn "cn=admin,${SUFFIX}"`,
    'rootpw admin-secret',
    `directory ${join(dir, 'data')}`,
    // A small map: the default (10 MiB) is fine but tests start many of these side by side.
    'maxsize 16777216',
    'index objectClass eq',
    'index uid,ENTPersonStructRattachRNE eq',
    'overlay ppolicy',
    `ppolicy_default "cn=default,ou=policies,${SUFFIX}"`,
    'ppolicy_use_lockout',
    // Anyone may try a password; only the service account (and the person) may read entries.
    'access to attrs=userPassword',
    '  by anonymous auth',
    '  by self write',
    '  by * none',
    'access to *',
    `  by dn.exact="${BIND_DN}" read`,
    '  by self read',
    '  by anonymous auth',
    '  by * none',
    ''
  ].join('\n')
}

function makeCertificate (dir) {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'),
    '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' })
}

/**
 * Starts a throwaway slapd on 127.0.0.1 with the fixture schema and people
 * (test/fixtures/ldap), its config and data in dir. stop() ends it; start() starts it again on
 * the same port with the same data (for outage tests). With tls, it also listens for ldaps on
 * ldapsPort and accepts StartTLS, with a self-signed certificate in caFile.
 */
export async function startSlapd ({ dir, port, tls = false }) {
  ensurePackages([[SLAPD, 'slapd'], ['/usr/bin/ldapadd', 'ldap-utils']])
  mkdirSync(join(dir, 'data'), { recursive: true })
  port ??= await freePort()
  const ldapsPort = tls ? await freePort() : undefined
  const conf = join(dir, 'slapd.conf')
  if (!existsSync(conf)) {
    if (tls) makeCertificate(dir)
    writeFileSync(conf, slapdConf(dir, tls))
    try {
      execFileSync(SLAPADD, ['-q', '-f', conf, '-l', join(FIXTURES, 'people.ldif')], { stdio: ['ignore', 'ignore', 'pipe'] })
    } catch (err) {
      throw new Error(`slapadd failed: ${err.stderr?.toString() ?? err.message}`)
    }
  }
  const urls = [`ldap://127.0.0.1:${port}/`, ...(tls ? [`ldaps://127.0.0.1:${ldapsPort}/`] : [])]
  let child
  let stderr = ''
  const start = async () => {
    stderr = ''
    // -d 0 keeps slapd in the foreground (so the child is slapd itself) with no debug output.
    child = spawn(SLAPD, ['-d', '0', '-f', conf, '-h', urls.join(' ')], { stdio: ['ignore', 'ignore', 'pipe'] })
    child.stderr.on('data', (d) => { stderr += d })
    const exited = new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`slapd exited (${code}): ${stderr}`))))
    exited.catch(() => {})
    await Promise.race([waitForPort(port, '127.0.0.1', 8000), exited])
    if (ldapsPort !== undefined) await Promise.race([waitForPort(ldapsPort, '127.0.0.1', 8000), exited])
  }
  const stop = async () => {
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return
    const done = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await done
  }
  await start()
  return {
    url: `ldap://127.0.0.1:${port}`,
    port,
    ldapsUrl: tls ? `ldaps://127.0.0.1:${ldapsPort}` : undefined,
    caFile: tls ? join(dir, 'cert.pem') : undefined,
    baseDn: SUFFIX,
    bindDn: BIND_DN,
    bindPassword: BIND_PASSWORD,
    atenBaseDn: `ou=aten,${SUFFIX}`,
    arenaBaseDn: `ou=arena,${SUFFIX}`,
    start,
    stop
  }
}

