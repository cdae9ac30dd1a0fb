import { execFile, spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ensurePackages } from './ensurePackages.mjs'
import { freePort, waitForPort } from './freePort.mjs'

const REDIS = '/usr/bin/redis-server'
const CLI = '/usr/bin/redis-cli'
const run = promisify(execFile)

/** Starts one redis-server in the foreground on port with its files in dir; resolves once it listens. */
async function startNode (dir, port, args) {
  mkdirSync(dir, { recursive: true })
  const child = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no',
    '--daemonize', 'no', '--logfile', join(dir, 'redis.log'), ...args], { stdio: 'ignore' })
  const exited = new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`redis-server exited (${code}); see ${join(dir, 'redis.log')}`))))
  exited.catch(() => {})
  await Promise.race([waitForPort(port), exited])
  return child
}

export async function stopChild (child) {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return
  const done = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGKILL')
  await done
}

/** Polls redis-cli until check(output) holds, or fails after timeoutMs. */
export async function waitForCli (port, args, check, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs
  let last = ''
  for (;;) {
    try { last = (await run(CLI, ['-h', '127.0.0.1', '-p', String(port), ...args])).stdout } catch (err) { last = String(err) }
    if (check(last)) return last
    if (Date.now() > deadline) throw new Error(`redis-cli -p ${port} ${args.join(' ')}: still "${last.trim()}" after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * redis-server arguments that turn the default user off and make one ACL user with every right,
 * as a Redis deployed with ACLs has; its replicas authenticate to their master as that user.
 */
export function aclArgs (auth) {
  if (auth === undefined) return []
  return ['--user', 'default', 'off', '--user', auth.username, 'on', `>${auth.password}`, '~*', '&*', '+@all',
    '--masteruser', auth.username, '--masterauth', auth.password]
}

/** redis-cli options that sign in as that user. */
export function cliAuth (auth) {
  return auth === undefined ? [] : ['--user', auth.username, '--pass', auth.password, '--no-auth-warning']
}

/**
 * redis-server arguments for TLS only (the plain port closed), between nodes too, with the server
 * certificate and key and the CA that vouches for clients' certificates (asked, not required).
 */
export function tlsArgs (tls, port) {
  if (tls === undefined) return []
  return ['--port', '0', '--tls-port', String(port), '--tls-cert-file', tls.certFile, '--tls-key-file', tls.keyFile,
    '--tls-ca-cert-file', tls.caFile, '--tls-auth-clients', 'optional', '--tls-cluster', 'yes', '--tls-replication', 'yes']
}

/** redis-cli options that speak TLS, trusting that CA. */
export function cliTls (tls) {
  return tls === undefined ? [] : ['--tls', '--cacert', tls.caFile]
}

/**
 * Starts a throwaway Redis Cluster on loopback: `masters` masters (3 by default, the minimum
 * redis-cli accepts) and `replicasPerMaster` replicas each, created with `redis-cli --cluster
 * create`. Resolves once every node reports cluster_state:ok. With `auth` ({ username, password }),
 * every node requires that ACL user; with `tls` ({ caFile, certFile, keyFile }), nodes speak TLS
 * only, to clients and to each other. stop() ends every node.
 */
export async function startRedisCluster ({ dir, masters = 3, replicasPerMaster = 0, auth, tls }) {
  const cli = [...cliAuth(auth), ...cliTls(tls)]
  ensurePackages([[REDIS, 'redis-server'], [CLI, 'redis-tools']])
  const count = masters * (1 + replicasPerMaster)
  const ports = []
  for (let i = 0; i < count; i++) ports.push(await freePort())
  const children = []
  const stop = async () => { await Promise.all(children.map(stopChild)) }
  try {
    children.push(...await Promise.all(ports.map((port, i) => startNode(join(dir, `node-${i}`), port, [
      '--cluster-enabled', 'yes',
      '--cluster-config-file', join(dir, `node-${i}`, 'nodes.conf'),
      '--cluster-node-timeout', '2000',
      ...aclArgs(auth),
      ...tlsArgs(tls, port)
    ]))))
    await run(CLI, [...cli, '--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas', String(replicasPerMaster), '--cluster-yes'], { timeout: 30000 })
    await Promise.all(ports.map((port) => waitForCli(port, [...cli, 'cluster', 'info'], (out) => out.includes('cluster_state:ok'))))
  } catch (err) {
    await stop()
    throw err
  }
  return { nodes: ports.map((port) => ({ host: '127.0.0.1', port })), ports, stop }
}
