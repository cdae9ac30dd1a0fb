import type { ChildProcess } from 'node:child_process'

export interface TestRedisCluster {
  /** Every node, masters first as created: {host: '127.0.0.1', port}. */
  nodes: Array<{ host: string, port: number }>
  ports: number[]
  stop (): Promise<void>
}
export function startRedisCluster (opts: { dir: string, masters?: number, replicasPerMaster?: number }): Promise<TestRedisCluster>
export function stopChild (child: ChildProcess | undefined): Promise<void>
export function waitForCli (port: number, args: string[], check: (out: string) => boolean, timeoutMs?: number): Promise<string>
