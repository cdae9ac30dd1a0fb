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
  /** The rule applied (READY_REQUIRES), and which parts of it are not met. */
  requires: readonly string[]
  unmet: string[]
  checks: Record<string, CheckResult>
}

/** How long one check may take before its backend counts as down. */
export const CHECK_TIMEOUT_MS = 2000

/**
 * READY_REQUIRES' default: Redis, and at least one directory. A node whose ARENA directory is
 * down still signs in ATEN's pupils and parents: taking it out of the load balancer would turn
 * away everyone to spare nobody.
 */
export const DEFAULT_READY_REQUIRES: readonly string[] = ['redis', 'any-directory']

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

/** Asks every backend at once: Redis (PING) when there is one, and each directory (ping()), each check bounded. */
export async function probeBackends (redis: Redis | Cluster | undefined, directories: readonly Directory[], timeoutMs = CHECK_TIMEOUT_MS): Promise<Record<string, CheckResult>> {
  const probes: Array<[string, () => Promise<boolean>]> = []
  if (redis !== undefined) probes.push(['redis', async () => (await redis.ping()) === 'PONG'])
  for (const d of directories) probes.push([`directory:${d.id}`, async () => await d.ping()])
  const results = await Promise.all(probes.map(async ([name, probe]) => [name, await timed(probe, timeoutMs)] as const))
  return Object.fromEntries(results)
}

/**
 * Which requirements the checks leave unmet: `redis` (met when there is no Redis: the embedded
 * stores are in the process), `any-directory`, `all-directories`, or a directory's id.
 */
export function unmetRequirements (checks: Record<string, CheckResult>, requires: readonly string[]): string[] {
  const directories = Object.entries(checks).filter(([name]) => name.startsWith('directory:')).map(([, r]) => r.up)
  return requires.filter((r) => {
    if (r === 'redis') return checks.redis !== undefined && !checks.redis.up
    if (r === 'any-directory') return !directories.some((up) => up)
    if (r === 'all-directories') return !directories.every((up) => up)
    return checks[`directory:${r}`]?.up !== true
  })
}

/** Probes every backend and applies the READY_REQUIRES rule; /ready answers within timeoutMs. */
export async function checkReadiness (redis: Redis | Cluster | undefined, directories: readonly Directory[], timeoutMs = CHECK_TIMEOUT_MS, requires: readonly string[] = DEFAULT_READY_REQUIRES): Promise<Readiness> {
  const checks = await probeBackends(redis, directories, timeoutMs)
  const unmet = unmetRequirements(checks, requires)
  return { ready: unmet.length === 0, requires, unmet, checks }
}
