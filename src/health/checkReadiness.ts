import type { Cluster, Redis } from 'ioredis'
import type { Directory } from '../directory/Directory.js'

/** One backend's state, as /ready shows it. */
export interface CheckResult {
  up: boolean
  ms: number
  error?: string
}

export interface Readiness {
  ready: boolean
  checks: Record<string, CheckResult>
}

/** How long one check may take before its backend counts as down. */
export const CHECK_TIMEOUT_MS = 2000

async function timed (probe: () => Promise<boolean>, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => { reject(new Error(`no answer within ${timeoutMs} ms`)) }, timeoutMs)
  })
  try {
    const up = await Promise.race([probe(), timeout])
    return { up, ms: Math.round(performance.now() - started) }
  } catch (err) {
    return { up: false, ms: Math.round(performance.now() - started), error: err instanceof Error ? err.message : String(err) }
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Asks every backend at once: Redis (PING) when there is one, and each directory (ping()). Ready
 * when all answer; each check is bounded, so /ready answers within CHECK_TIMEOUT_MS.
 */
export async function checkReadiness (redis: Redis | Cluster | undefined, directories: readonly Directory[], timeoutMs = CHECK_TIMEOUT_MS): Promise<Readiness> {
  const probes: Array<[string, () => Promise<boolean>]> = []
  if (redis !== undefined) probes.push(['redis', async () => (await redis.ping()) === 'PONG'])
  for (const d of directories) probes.push([`directory:${d.id}`, async () => await d.ping()])
  const results = await Promise.all(probes.map(async ([name, probe]) => [name, await timed(probe, timeoutMs)] as const))
  return { ready: results.every(([, r]) => r.up), checks: Object.fromEntries(results) }
}
