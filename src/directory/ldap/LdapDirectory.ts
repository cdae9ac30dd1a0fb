import type { Entry } from 'ldapts'
import { AuthenticationError } from '../AuthenticationError.js'
import type { Directory } from '../Directory.js'
import { DirectoryUnavailableError } from '../DirectoryUnavailableError.js'
import type { Person } from '../Person.js'
import { bindFailure } from './bindFailure.js'
import { BindLimiter } from './BindLimiter.js'
import { BindTimingEqualizer } from './BindTimingEqualizer.js'
import { escapeFilter } from './escapeFilter.js'
import { LdapConnectionPool } from './LdapConnectionPool.js'
import { LdapConnector } from './LdapConnector.js'
import { EXPIRY_ATTRIBUTES, PasswordExpiry } from './PasswordExpiry.js'
import type { LdapDirectoryConfig } from './LdapDirectoryConfig.js'
import { ldapEntryToPerson, requestedAttributes, valuesOf } from './ldapEntryToPerson.js'

/** Where an LdapDirectory reports what an administrator should know (pino's signature). */
export interface LdapLogger {
  warn (details: object, message: string): void
}

// OpenLDAP ppolicy's lock mark, read with the entry: see bindFailure.
const LOCKED_TIME = 'pwdAccountLockedTime'

/**
 * A directory in an LDAP server (ATEN, ARENA): the service account finds the entry by its login,
 * then a bind as that entry with the person's password checks it.
 */
export class LdapDirectory implements Directory {
  readonly id: string
  readonly label: string
  private readonly config: LdapDirectoryConfig
  private readonly log: LdapLogger
  private readonly connector: LdapConnector
  private readonly pool: LdapConnectionPool
  private readonly timing = new BindTimingEqualizer()
  private readonly expiry: PasswordExpiry
  private readonly binds: BindLimiter
  private readonly attributes: string[]

  constructor (config: LdapDirectoryConfig, log: LdapLogger) {
    this.id = config.id
    this.label = config.label
    this.config = config
    this.log = log
    this.connector = new LdapConnector(config)
    this.pool = new LdapConnectionPool(this.connector, config.bindDn, config.bindPassword, config.poolSize, config.timeoutMs)
    this.expiry = new PasswordExpiry(this.pool)
    this.binds = new BindLimiter(config.maxBinds)
    this.attributes = requestedAttributes(config.attributes)
  }

  async authenticate (login: string, password: string): Promise<Person> {
    const startedAt = performance.now()
    const wanted = login.trim()
    // An LDAP bind with an empty password is an anonymous bind, which succeeds: never send one.
    if (wanted === '' || password === '') throw new AuthenticationError('invalidCredentials')
    const entries = await this.unavailableOnError(() => this.pool.use((client) => client.search(this.config.baseDn, {
      scope: 'sub',
      filter: `(${this.config.loginAttribute}=${escapeFilter(wanted)})`,
      sizeLimit: 2,
      attributes: [...this.attributes, LOCKED_TIME, ...EXPIRY_ATTRIBUTES]
    })))
    const entry = entries.searchEntries.length === 1 ? entries.searchEntries[0] : undefined
    if (entry === undefined) {
      if (entries.searchEntries.length > 1) {
        this.log.warn({ directory: this.id, login: wanted }, 'several LDAP entries match this login: sign-in refused')
      }
      await this.dummyBind(password)
      await this.timing.pad(startedAt)
      throw new AuthenticationError('invalidCredentials')
    }
    try {
      await this.bindAs(entry, password)
    } catch (err) {
      // Refusals are what an unknown login must look like; outages (timeouts) would skew it.
      if (err instanceof AuthenticationError) this.timing.record(performance.now() - startedAt)
      throw err
    }
    this.timing.record(performance.now() - startedAt)
    const person = ldapEntryToPerson(entry, this.config.attributes, this.id)
    if (person === undefined) {
      this.log.warn({ directory: this.id, dn: entry.dn, attribute: this.config.attributes.uid }, 'LDAP entry without uid: sign-in refused')
      throw new AuthenticationError('invalidCredentials')
    }
    return person
  }

  async * peopleOf (uai: string): AsyncIterable<Person> {
    const attribute = this.config.attributes.uai
    if (attribute === undefined) return
    const lent = await this.unavailableOnError(() => this.pool.acquire())
    let healthy = false
    try {
      const pages = lent.client.searchPaginated(this.config.baseDn, {
        scope: 'sub',
        filter: `(${attribute}=${escapeFilter(uai.trim())})`,
        attributes: this.attributes,
        paged: { pageSize: this.config.pageSize }
      })
      for await (const page of this.unavailableOnErrorIterable(pages)) {
        for (const entry of page.searchEntries) {
          const person = ldapEntryToPerson(entry, this.config.attributes, this.id)
          if (person !== undefined) yield person
        }
      }
      healthy = this.connector.isAlive(lent.client)
    } finally {
      // A search left unfinished (the caller stopped early) leaves the connection mid-paging: drop it.
      this.pool.release(lent.client, healthy)
    }
  }

  async ping (): Promise<boolean> {
    try {
      await this.pool.use((client) => client.search('', { scope: 'base', attributes: ['1.1'] }))
      return true
    } catch {
      return false
    }
  }

  async close (): Promise<void> {
    await this.pool.close()
  }

  /** Checks the password with a bind as the entry, on a connection of its own, closed after. */
  private async bindAs (entry: Entry, password: string): Promise<void> {
    try {
      await this.binds.run(async () => { this.connector.dispose(await this.connector.open(entry.dn, password)) })
    } catch (err) {
      const refusal = bindFailure(err, valuesOf(entry, LOCKED_TIME).length > 0)
      if (refusal === undefined) throw new DirectoryUnavailableError(this.id, err)
      // The entry's expiry cannot tell a right password from a wrong one (OpenLDAP refuses both
      // alike): it goes to the audit log only, never to the page.
      if (refusal.reason === 'invalidCredentials' && refusal.accountState === undefined && await this.expiry.isExpired(entry)) {
        throw AuthenticationError.unproven('expired')
      }
      throw refusal
    }
  }

  /**
   * An unknown login still costs a bind, to a DN that cannot exist, so that it takes about as long
   * as a wrong password (see BindTimingEqualizer for the rest of the difference).
   */
  private async dummyBind (password: string): Promise<void> {
    const dn = `${this.config.loginAttribute}=sesame-no-such-entry,${this.config.baseDn}`
    try {
      await this.binds.run(async () => { this.connector.dispose(await this.connector.open(dn, password)) })
    } catch (err) {
      if (bindFailure(err, false) === undefined) throw new DirectoryUnavailableError(this.id, err)
    }
  }

  private async unavailableOnError<T> (fn: () => Promise<T>): Promise<T> {
    try { return await fn() } catch (err) { throw new DirectoryUnavailableError(this.id, err) }
  }

  private async * unavailableOnErrorIterable<T> (pages: AsyncIterable<T>): AsyncIterable<T> {
    try { yield * pages } catch (err) { throw new DirectoryUnavailableError(this.id, err) }
  }
}
