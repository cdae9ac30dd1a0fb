import { execFile, spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ensurePackages } from './ensurePackages.mjs'
import { freePort, waitForPort } from './freePort.mjs'
import { aclArgs, cliAuth, stopChild, waitForCli } from './redisCluster.mjs'

const REDIS = '/usr/bin/redis-server'
const CLI = '/usr/bin/redis-cli'
const run = promisify(execFile)

/** A value for redis.conf: double-quoted, so that spaces and # are kept. */
const quoted = (value) => `"${value.replace(/["\\]/g, '\\$&')}"`

async function spawnRedis (args, port, log) {
  const child = spawn(REDIS, args, { stdio: 'ignore' })
  const exited = new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`redis-server exited (${code}); see ${log}`))))
  exited.catch(() => {})
  await Promise.race([waitForPort(port), exited])
  return child
}

/**
 * Starts a throwaway Sentinel set-up on loopback: a master, one replica of it, and `sentinels`
 * sentinels (1 by default; quorum 1 so that a single one may fail over) monitoring it under
 * `name`. Resolves once every sentinel knows the master and its replica. failover() asks a
 * sentinel to promote the replica and resolves with the new master's port; stop() ends everything.
 * With `auth` ({ username, password }) the master and replica require that ACL user; with
 * `sentinelPassword` the sentinels require their own password (requirepass).
 */
export async function startRedisSentinel ({ dir, name = 'mymaster', sentinels = 1, auth, sentinelPassword }) {
  const sentinelCli = sentinelPassword === undefined ? [] : ['-a', sentinelPassword, '--no-auth-warning']
  ensurePackages([[REDIS, 'redis-server'], [CLI, 'redis-tools']])
  const [masterPort, replicaPort] = [await freePort(), await freePort()]
  const sentinelPorts = []
  for (let i = 0; i < sentinels; i++) sentinelPorts.push(await freePort())
  const children = []
  const stop = async () => { await Promise.all(children.map(stopChild)) }
  const server = async (label, port, extra) => {
    const d = join(dir, label)
    mkdirSync(d, { recursive: true })
    return await spawnRedis(['--port', String(port), '--bind', '127.0.0.1', '--dir', d, '--save', '', '--appendonly', 'no',
      '--daemonize', 'no', '--logfile', join(d, 'redis.log'), ...extra], port, join(d, 'redis.log'))
  }
  try {
    // No five-second wait before the first full sync (Redis 7's diskless default).
    const quick = ['--repl-diskless-sync-delay', '0', ...aclArgs(auth)]
    children.push(await server('master', masterPort, quick))
    children.push(await server('replica', replicaPort, [...quick, '--replicaof', '127.0.0.1', String(masterPort)]))
    await waitForCli(replicaPort, [...cliAuth(auth), 'info', 'replication'], (out) => out.includes('master_link_status:up'))
    for (const [i, port] of sentinelPorts.entries()) {
      const d = join(dir, `sentinel-${i}`)
      mkdirSync(d, { recursive: true })
      // Sentinel rewrites its config file as it learns the set-up: it must be its own, writable.
      const conf = join(d, 'sentinel.conf')
      writeFileSync(conf, [
        `port ${port}`, 'bind 127.0.0.1', 'daemonize no', `dir ${d}`, `logfile ${join(d, 'sentinel.log')}`,
        `sentinel monitor ${name} 127.0.0.1 ${masterPort} 1`,
        `sentinel down-after-milliseconds ${name} 1000`,
        `sentinel failover-timeout ${name} 5000`,
        `sentinel parallel-syncs ${name} 1`,
        // What the sentinel would learn from the master's INFO within ten seconds, told up front.
        `sentinel known-replica ${name} 127.0.0.1 ${replicaPort}`,
        ...(auth === undefined ? [] : [`sentinel auth-user ${name} ${quoted(auth.username)}`, `sentinel auth-pass ${name} ${quoted(auth.password)}`]),
        ...(sentinelPassword === undefined ? [] : [`requirepass ${quoted(sentinelPassword)}`]), ''
      ].join('\n'))
      children.push(await spawnRedis([conf, '--sentinel'], port, join(d, 'sentinel.log')))
    }
    await Promise.all(sentinelPorts.map((port) => waitForCli(port, [...sentinelCli, 'sentinel', 'replicas', name], (out) => out.includes(String(replicaPort)))))
  } catch (err) {
    await stop()
    throw err
  }
  const masterOf = async () => {
    const out = (await run(CLI, ['-p', String(sentinelPorts[0]), ...sentinelCli, 'sentinel', 'get-master-addr-by-name', name])).stdout
    return Number(out.trim().split('\n')[1])
  }
  const failover = async () => {
    const before = await masterOf()
    await waitForCli(sentinelPorts[0], [...sentinelCli, 'sentinel', 'failover', name], (out) => out.trim() === 'OK')
    await waitForCli(sentinelPorts[0], [...sentinelCli, 'sentinel', 'get-master-addr-by-name', name], (out) => !out.includes(String(before)))
    return await masterOf()
  }
  return {
    name,
    sentinels: sentinelPorts.map((port) => ({ host: '127.0.0.1', port })),
    masterPort,
    replicaPort,
    masterOf,
    failover,
    stop
  }
}
