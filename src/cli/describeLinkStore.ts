import { join } from 'node:path'
import type { Config } from '../config/Config.js'

/** A Redis URL fit to print: its password, if any, replaced by ***. */
export function maskRedisUrl (url: string): string {
  try {
    const u = new URL(url)
    if (u.password !== '') u.password = '***'
    return u.toString()
  } catch {
    return 'REDIS_URL'
  }
}

/** Where the links are, in words: the command says it first, so nobody writes to the wrong store. */
export function linkStorePlace (config: Pick<Config, 'redis' | 'dataDir'>): string {
  const r = config.redis
  if (r === undefined) return join(config.dataDir, 'pronote-links.json')
  const list = (nodes: Array<{ host: string, port: number }>): string => nodes.map((n) => `${n.host}:${n.port}`).join(',')
  switch (r.kind) {
    case 'url': return `Redis ${maskRedisUrl(r.url)}`
    case 'sentinel': return `Redis Sentinel ${list(r.sentinels)} (maître ${r.name})`
    case 'cluster': return `Redis Cluster ${list(r.nodes)}`
  }
}
