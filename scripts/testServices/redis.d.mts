export interface TestRedis {
  url: string
  port: number
  start (): Promise<void>
  stop (): Promise<void>
}
export function startRedis (opts: { dir: string, port?: number, args?: string[] }): Promise<TestRedis>
