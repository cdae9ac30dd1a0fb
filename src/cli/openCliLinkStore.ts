import { Cluster, type Redis } from 'ioredis'
import type { Config } from '../config/Config.js'
import { createRedisClient } from '../config/createRedisClient.js'
import { FileLinkStore } from '../pronote/FileLinkStore.js'
import type { LinkStore } from '../pronote/LinkStore.js'
import { RedisLinkStore } from '../pronote/RedisLinkStore.js'
import { CliError } from './CliError.js'
import { linkStorePlace } from './describeLinkStore.js'

/** Longest wait for Redis to answer the first command, whatever the client's own timeouts. */
const FIRST_ANSWER_MS = 10_000
/** A command gives up after two reconnections (returning null stops ioredis retrying). */
const giveUp = (times: number): number | null => times > 2 ? null : 200

async function firstAnswer (client: Redis | Cluster): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => { reject(new Error(`pas de réponse en ${FIRST_ANSWER_MS / 1000} s`)) }, FIRST_ANSWER_MS)
  })
  try { await Promise.race([client.ping(), timeout]) } finally { clearTimeout(timer) }
}

/**
 * The link store of the configuration, for a command: the server's settings, but a Redis that
 * cannot be reached is one French line within seconds instead of the server's endless background
 * reconnection, and a links file that cannot be read is one line too. Says where the links live
 * (`say`) once the store answers.
 */
export async function openCliLinkStore (config: Pick<Config, 'redis' | 'dataDir'>, say: (line: string) => void): Promise<LinkStore> {
  const place = linkStorePlace(config)
  if (config.redis === undefined) {
    const store = await FileLinkStore.open(config.dataDir).catch((err: unknown) => {
      const e = err as NodeJS.ErrnoException
      throw new CliError(e.code === undefined ? e.message : `liens illisibles : ${place} (${e.code})`, 1)
    })
    say(`liens enregistrés dans ${place}`)
    return store
  }
  const client = createRedisClient(config.redis)
  // The options object is read at each reconnection, so changing it here bounds the client's retries.
  if (client instanceof Cluster) client.options.clusterRetryStrategy = giveUp
  else Object.assign(client.options, { retryStrategy: giveUp, sentinelRetryStrategy: giveUp })
  let cause: Error | undefined
  // A listener also keeps ioredis from printing "Unhandled error event" with a stack trace.
  client.on('error', (err: Error) => { cause ??= err })
  try {
    await firstAnswer(client)
  } catch (err) {
    client.disconnect()
    throw new CliError(`${place} injoignable : ${(cause ?? err as Error).message}`, 1)
  }
  say(`liens enregistrés dans ${place}`)
  return new RedisLinkStore(client, true)
}
