import type { Client } from 'ldapts'
import { ResultCodeError } from 'ldapts'
import type { LdapConnector } from './LdapConnector.js'

/**
 * A few connections bound as the service account, reused for searches. Only ever bound as the
 * service account: user binds go through their own connections. A connection that failed other
 * than with an LDAP result, or that lost its bind (ldapts reconnects anonymously after a drop), is
 * dropped, so the pool heals by itself once the directory is back.
 */
export class LdapConnectionPool {
  private readonly idle: Client[] = []
  private readonly waiters: Array<() => void> = []
  private opened = 0
  private closed = false

  constructor (
    private readonly connector: LdapConnector,
    private readonly bindDn: string,
    private readonly bindPassword: string,
    private readonly size: number,
    private readonly waitMs: number
  ) {}

  /**
   * Runs fn with a service connection. A failure on a reused connection is retried once on a new
   * one, since a server restart leaves dead sockets behind that only a request reveals.
   */
  async use<T> (fn: (client: Client) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const { client, reused } = await this.acquire()
      try {
        const result = await fn(client)
        if (!this.connector.isAlive(client)) throw new Error('LDAP connection lost during the request')
        this.release(client, true)
        return result
      } catch (err) {
        const answered = err instanceof ResultCodeError && this.connector.isAlive(client)
        this.release(client, answered)
        if (answered || !reused || attempt > 0) throw err
      }
    }
  }

  /** A bound service connection, to be given back with release. */
  async acquire (): Promise<{ client: Client, reused: boolean }> {
    for (;;) {
      if (this.closed) throw new Error('LDAP connection pool closed')
      let client: Client | undefined
      while ((client = this.idle.pop()) !== undefined) {
        if (this.connector.isAlive(client)) return { client, reused: true }
        this.discard(client)
      }
      if (this.opened < this.size) {
        this.opened++
        try {
          return { client: await this.connector.open(this.bindDn, this.bindPassword), reused: false }
        } catch (err) {
          this.opened--
          this.wake()
          throw err
        }
      }
      await this.wait()
    }
  }

  /** Gives a connection back; an unhealthy one is closed instead of kept. */
  release (client: Client, healthy: boolean): void {
    if (healthy && !this.closed && this.connector.isAlive(client)) this.idle.push(client)
    else this.discard(client)
    this.wake()
  }

  async close (): Promise<void> {
    this.closed = true
    const idle = this.idle.splice(0)
    this.opened -= idle.length
    for (const client of idle) this.connector.dispose(client)
    for (const wake of this.waiters.splice(0)) wake()
  }

  private discard (client: Client): void {
    this.opened--
    this.connector.dispose(client)
  }

  private wake (): void {
    this.waiters.shift()?.()
  }

  private wait (): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter = (): void => { clearTimeout(timer); resolve() }
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1)
        reject(new Error(`no free LDAP connection within ${this.waitMs} ms`))
      }, this.waitMs)
      this.waiters.push(waiter)
    })
  }
}
