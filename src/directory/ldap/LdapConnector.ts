import { Client, ResultCodeError } from 'ldapts'
import { connect as tlsConnect } from 'node:tls'
import type { ConnectionOptions, TLSSocket } from 'node:tls'

/** How to reach the servers of one directory. */
export interface LdapServerOptions {
  urls: string[]
  startTls: boolean
  ca?: string
  connectTimeoutMs: number
  timeoutMs: number
}

function withDeadline<T> (promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => { onTimeout(); reject(new Error(`no answer within ${ms} ms`)) }, ms)
  })
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer))
}

/**
 * Opens bound connections, trying each URL in turn. A server that does not answer (refused,
 * timed out, TLS failure, busy, unavailable) makes it try the next one; any other LDAP result,
 * such as invalid credentials, is the answer and is thrown as is (a ResultCodeError). The URL
 * that last worked is tried first, so that a dead primary does not cost a connect timeout on
 * every connection.
 */
export class LdapConnector {
  private readonly options: LdapServerOptions
  private preferred = 0
  // Connections whose TLS socket has closed. ldapts listens for "close" on the plain socket only,
  // so after StartTLS a connection the server dropped still looks connected (and bound).
  private readonly closed = new WeakSet<Client>()

  constructor (options: LdapServerOptions) {
    this.options = options
  }

  /** Whether a connection may still carry requests, as far as can be seen without one. */
  isAlive (client: Client): boolean {
    return client.isBound && !this.closed.has(client)
  }

  /** Ends a connection without waiting; one already closed is only forgotten. */
  dispose (client: Client): void {
    if (!this.closed.has(client)) void client.unbind().catch(() => {})
  }

  /** A connection bound as dn; the caller disposes of it. */
  async open (dn: string, password: string): Promise<Client> {
    const { urls } = this.options
    let lastError: unknown
    for (let i = 0; i < urls.length; i++) {
      const index = (this.preferred + i) % urls.length
      try {
        const client = await this.openOne(urls[index] as string, dn, password)
        this.preferred = index
        return client
      } catch (err) {
        // busy (51) and unavailable (52) are the server saying "ask another one".
        if (err instanceof ResultCodeError && err.code !== 51 && err.code !== 52) throw err
        lastError = err
      }
    }
    throw lastError
  }

  private async openOne (url: string, dn: string, password: string): Promise<Client> {
    const { startTls, ca, connectTimeoutMs, timeoutMs } = this.options
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '')
    const tlsOptions: ConnectionOptions = ca === undefined ? {} : { ca }
    const createSecureConnection = ((...args: unknown[]) => {
      const socket = (tlsConnect as (...a: unknown[]) => TLSSocket)(...args)
      socket.once('close', () => this.closed.add(client))
      return socket
    }) as typeof tlsConnect
    const client: Client = new Client({
      url,
      connectTimeout: connectTimeoutMs,
      timeout: timeoutMs,
      createSecureConnection,
      // ldapts treats any tlsOptions as "connect with TLS", so they are only given for ldaps://.
      ...(url.startsWith('ldaps:') && ca !== undefined ? { tlsOptions } : {})
    })
    const steps = async (): Promise<void> => {
      if (startTls) await client.startTLS({ ...tlsOptions, host })
      await client.bind(dn, password)
    }
    try {
      // The TLS handshake after StartTLS has no timeout of its own in ldapts: one deadline for all.
      await withDeadline(steps(), connectTimeoutMs + timeoutMs, () => this.dispose(client))
      return client
    } catch (err) {
      this.dispose(client)
      throw err
    }
  }
}
