import { spawn, type ChildProcess } from 'node:child_process'
import { distEntry } from './distEntry.js'

export interface ServerProcess {
  child: ChildProcess
  output: () => string
  /** Resolves with the exit code. */
  exited: Promise<number | null>
}

/** Runs the built server (dist/server.js, the container's command) in a child process. */
export function runServer (env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, [distEntry('server.js')], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  child.stdout?.on('data', (c: Buffer) => { out += c.toString() })
  child.stderr?.on('data', (c: Buffer) => { out += c.toString() })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, output: () => out, exited }
}

/** Waits until the output matches, or fails after timeoutMs. */
export async function waitForOutput (p: ServerProcess, pattern: RegExp, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!pattern.test(p.output())) {
    if (p.child.exitCode !== null) throw new Error(`server exited (${p.child.exitCode}): ${p.output()}`)
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}: ${p.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
