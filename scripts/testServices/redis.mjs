import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { ensurePackages } from './ensurePackages.mjs'
import { freePort, waitForPort } from './freePort.mjs'

const REDIS = '/usr/bin/redis-server'

/**
 * Starts a throwaway redis-server on a free loopback port with its files in dir. stop() ends it;
 * start() starts it again on the same port (for outage tests).
 */
export async function startRedis ({ dir, port, args = [] }) {
  ensurePackages([[REDIS, 'redis-server']])
  mkdirSync(dir, { recursive: true })
  port ??= await freePort()
  let child
  const start = async () => {
    child = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no',
      '--daemonize', 'no', '--logfile', join(dir, 'redis.log'), ...args], { stdio: 'ignore' })
    const exited = new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`redis-server exited (${code}); see ${join(dir, 'redis.log')}`))))
    exited.catch(() => {})
    await Promise.race([waitForPort(port), exited])
  }
  const stop = async () => {
    if (child === undefined || child.exitCode !== null) return
    const done = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await done
  }
  await start()
  return { url: `redis://127.0.0.1:${port}`, port, start, stop }
}
