import { Cluster, type Redis } from 'ioredis'
import { checkLinks } from './LinkIndex.js'
import type { LinkStore, PronoteLink } from './LinkStore.js'
import { HISTORY_LENGTH, type ImportRecord } from './ImportRecord.js'
import { ADD_LINKS, COMMIT_IMPORT, REPLACE_ESTABLISHMENT, UNDO_IMPORT, UNLINK } from './redisLinkScripts.js'

/** Key prefix of every link key. */
export const LINK_KEY_PREFIX = 'sesame:links:'

interface LinkCommands {
  sesameLinksAdd: (idpnKey: string, uidKey: string, ...links: string[]) => Promise<number>
  sesameLinksUnlink: (idpnKey: string, uidKey: string, idpn: string) => Promise<number>
  sesameLinksReplace: (idpnKey: string, uidKey: string, ...args: string[]) => Promise<number>
  sesameLinksCommit: (idpnKey: string, uidKey: string, historyKey: string, ...args: string[]) => Promise<number>
  sesameLinksUndo: (idpnKey: string, uidKey: string, historyKey: string) => Promise<string | null>
}

const defined = new WeakSet<object>()

/** The two keys of an establishment; the {UAI} hash tag keeps them in one cluster slot. */
export function linkKeys (uai: string): [idpnKey: string, uidKey: string] {
  const tag = `${LINK_KEY_PREFIX}{${uai.toUpperCase()}}`
  return [`${tag}:idpn`, `${tag}:uid`]
}

/** The establishment's import history (a list, newest first), in the same cluster slot. */
export function historyKey (uai: string): string {
  return `${LINK_KEY_PREFIX}{${uai.toUpperCase()}}:history`
}

const toLink = (json: string): PronoteLink => JSON.parse(json) as PronoteLink
const recordOf = (json: string): ImportRecord => (JSON.parse(json) as { record: ImportRecord }).record

/** The arguments of REPLACE in redisLinkScripts: n, then IDPN/link pairs, then uid/links pairs. */
function replaceArgs (uai: string, links: PronoteLink[]): string[] {
  const byIdpn = new Map<string, PronoteLink>()
  for (const l of links) byIdpn.set(l.idpn, { ...l, uai })
  const byUid = new Map<string, PronoteLink[]>()
  for (const l of byIdpn.values()) byUid.set(l.uid, [...(byUid.get(l.uid) ?? []), l])
  const args = [String(byIdpn.size)]
  for (const [idpn, l] of byIdpn) args.push(idpn, JSON.stringify(l))
  for (const [uid, ls] of byUid) args.push(uid, JSON.stringify(ls))
  return args
}

/**
 * Links in Redis: per establishment, a hash IDPN → link and a hash uid → that person's links, so
 * that linksOf is one HGET. Every write is one Lua script (registered once per client with
 * defineCommand), hence atomic.
 */
export class RedisLinkStore implements LinkStore {
  private readonly redis: (Redis | Cluster) & LinkCommands

  /** ownsClient: close() also quits the client (when createLinkStore made it). */
  constructor (redis: Redis | Cluster, private readonly ownsClient = false) {
    if (!defined.has(redis)) {
      redis.defineCommand('sesameLinksAdd', { numberOfKeys: 2, lua: ADD_LINKS })
      redis.defineCommand('sesameLinksUnlink', { numberOfKeys: 2, lua: UNLINK })
      redis.defineCommand('sesameLinksReplace', { numberOfKeys: 2, lua: REPLACE_ESTABLISHMENT })
      redis.defineCommand('sesameLinksCommit', { numberOfKeys: 3, lua: COMMIT_IMPORT })
      redis.defineCommand('sesameLinksUndo', { numberOfKeys: 3, lua: UNDO_IMPORT })
      defined.add(redis)
    }
    this.redis = redis as (Redis | Cluster) & LinkCommands
  }

  async linksOf (uid: string, uai: string): Promise<PronoteLink[]> {
    const json = await this.redis.hget(linkKeys(uai)[1], uid)
    // cjson writes an array holding one object the same way as JSON.stringify.
    return json === null ? [] : (JSON.parse(json) as PronoteLink[])
  }

  async listEstablishment (uai: string): Promise<PronoteLink[]> {
    return (await this.redis.hvals(linkKeys(uai)[0])).map(toLink)
  }

  async replaceEstablishment (uai: string, links: PronoteLink[]): Promise<void> {
    const wanted = checkLinks(uai, links)
    await this.redis.sesameLinksReplace(...linkKeys(wanted), ...replaceArgs(wanted, links))
  }

  async addLinks (uai: string, links: PronoteLink[]): Promise<void> {
    const wanted = checkLinks(uai, links)
    if (links.length === 0) return
    await this.redis.sesameLinksAdd(...linkKeys(wanted), ...links.map((l) => JSON.stringify({ ...l, uai: wanted })))
  }

  async unlink (uai: string, idpn: string): Promise<boolean> {
    return (await this.redis.sesameLinksUnlink(...linkKeys(uai), idpn)) === 1
  }

  // --- Establishments ---
  /**
   * SCAN rather than an index set: the set would live in another cluster slot than the
   * establishment's hashes, so no script could keep it in step, and links written before it
   * existed would be missing from it. A Cluster is scanned master by master. O(keys): fine for a
   * backup, not meant for a request path.
   */
  async establishments (): Promise<string[]> {
    const nodes: Redis[] = this.redis instanceof Cluster ? this.redis.nodes('master') : [this.redis as Redis]
    const found = new Set<string>()
    const idpnKey = new RegExp(`^${LINK_KEY_PREFIX}\\{([^}]+)\\}:idpn$`)
    for (const node of nodes) {
      let cursor = '0'
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${LINK_KEY_PREFIX}{*}:idpn`, 'COUNT', 1000)
        cursor = next
        for (const key of keys) {
          const uai = idpnKey.exec(key)?.[1]
          if (uai !== undefined) found.add(uai)
        }
      } while (cursor !== '0')
    }
    return [...found].sort()
  }

  async commitImport (uai: string, links: PronoteLink[], record: ImportRecord): Promise<void> {
    const wanted = checkLinks(uai, links)
    const args = record.mode === 'full' ? replaceArgs(wanted, links) : links.map((l) => JSON.stringify({ ...l, uai: wanted }))
    await this.redis.sesameLinksCommit(...linkKeys(wanted), historyKey(wanted), record.mode, JSON.stringify(record), String(HISTORY_LENGTH), ...args)
  }

  async importHistory (uai: string): Promise<ImportRecord[]> {
    return (await this.redis.lrange(historyKey(uai), 0, HISTORY_LENGTH - 1)).map(recordOf)
  }

  async undoImport (uai: string): Promise<ImportRecord | undefined> {
    const entry = await this.redis.sesameLinksUndo(...linkKeys(uai), historyKey(uai))
    return entry === null ? undefined : recordOf(entry)
  }

  async close (): Promise<void> {
    if (this.ownsClient) await this.redis.quit()
  }
}
