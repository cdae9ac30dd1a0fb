import type { Test } from 'tap'
import { freePort } from '../../scripts/testServices/freePort.mjs'
import { runServer, waitForOutput, type ServerProcess } from '../helpers/runServer.js'
import { CAS_SECRET } from './casClient.js'

export interface Node {
  base: string
  port: number
  process: ServerProcess
}

/**
 * Starts Sésame as a process (src/server.ts, as in production) on a free loopback port, with the
 * shared CAS_SECRET and the given environment; killed (if still running) when the test ends.
 */
export async function startNode (t: Test, env: Record<string, string>): Promise<Node> {
  const port = await freePort()
  const p = runServer({ CAS_SECRET, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'info', ...env })
  t.teardown(async () => {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      p.child.kill('SIGKILL')
      await p.exited
    }
  })
  await waitForOutput(p, /Sésame is ready/)
  return { base: `http://127.0.0.1:${port}`, port, process: p }
}
