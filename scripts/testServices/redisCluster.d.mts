import type { ChildProcess } from 'node:child_process'

export interface TestRedisCluster {
  /** Every node, masters first as created: {host: '127.0.0.1', port}. */
  nodes: Array<{ host: string, port: number }>
  ports: number[]
  stop (): Promise<void>
}
export interface RedisAuth { username: string, password: string }
export interface RedisTlsFiles { caFile: string, certFile: string, keyFile: string }
export function startRedisCluster (opts: { dir: string, masters?: number, replicasPerMaster?: number, auth?: RedisAuth, tls?: RedisTlsFiles }): Promise<TestRedisCluster>
export function tlsArgs (tls: RedisTlsFiles | undefined, port: number): string[]
export function cliTls (tls: RedisTlsFiles | undefined): string[]
export function aclArgs (auth: RedisAuth | undefined): string[]
export function cliAuth (auth: RedisAuth | undefined): string[]
export function stopChild (child: ChildProcess | undefined): Promise<void>
export function waitForCli (port: number, args: string[], check: (out: string) => boolean, timeoutMs?: number): Promise<string>
