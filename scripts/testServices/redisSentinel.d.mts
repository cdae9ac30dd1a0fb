export interface TestRedisSentinel {
  /** The master's name the sentinels monitor (mymaster by default). */
  name: string
  sentinels: Array<{ host: string, port: number }>
  /** The ports of the initial master and replica. */
  masterPort: number
  replicaPort: number
  /** The port of the current master, as the first sentinel tells. */
  masterOf (): Promise<number>
  /** Promotes the replica through the first sentinel; resolves with the new master's port. */
  failover (): Promise<number>
  stop (): Promise<void>
}
export function startRedisSentinel (opts: { dir: string, name?: string, sentinels?: number, auth?: { username: string, password: string }, sentinelPassword?: string }): Promise<TestRedisSentinel>
