import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { distEntry } from '../helpers/distEntry.js'

export interface SesameRun { code: number | null, out: string, err: string }

/**
 * Runs the built `sesame` command (dist/cli/sesame.js) as the container does: plain node, in
 * `cwd`, with only PATH from this process's environment plus `env`, so that no setting of the
 * caller's shell leaks in.
 */
export async function sesame (args: string[], options: { env?: Record<string, string>, cwd: string, input?: string }): Promise<SesameRun> {
  const entry = resolve(distEntry('cli/sesame.js'))
  return await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe']
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => { out += c.toString() })
    child.stderr.on('data', (c: Buffer) => { err += c.toString() })
    child.on('error', reject)
    child.on('close', (code) => { resolve({ code, out, err }) })
    child.stdin.end(options.input ?? '')
  })
}

/** The lines of a stream's text, without the last empty one. */
export const lines = (text: string): string[] => text.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1)
