import type { FastifyBaseLogger } from 'fastify'
import { parseServices } from '../parseServices.js'
import type { RegisteredService } from '../RegisteredService.js'
import type { ServiceRegistry } from '../ServiceRegistry.js'
import type { ServiceStore } from './ServiceStore.js'

/** How often a node looks for services changed in the console by another node. */
export const CONSOLE_SERVICES_POLL_MS = 2000

/**
 * Keeps the registry's console layer in step with the ServiceStore: every node reads the store's
 * version every 2 s (a few bytes) and reloads the list only when it changed, so a service made on
 * one node is live on all of them within seconds, with no restart and no SIGHUP.
 */
export class ConsoleServiceSync {
  private seen: string | undefined
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined

  constructor (private readonly store: ServiceStore, private readonly registry: ServiceRegistry, private readonly log: FastifyBaseLogger) {}

  /** Applies the store's services now if they changed; a failing store keeps the previous ones. */
  async refresh (): Promise<void> {
    this.running ??= this.load().finally(() => { this.running = undefined })
    await this.running
  }

  private async load (): Promise<void> {
    const version = await this.store.version()
    if (version === this.seen) return
    const services: RegisteredService[] = []
    for (const stored of await this.store.list()) {
      // Each entry was checked when it was made; one that no longer passes (a rule tightened
      // since) is left out alone, rather than taking every console service down with it.
      try { services.push(...parseServices([stored.definition], 'services de la console')) } catch (err) {
        this.log.error({ service: stored.definition.id, reason: (err as Error).message }, 'console service left out: invalid')
      }
    }
    this.registry.replaceConsole(services)
    this.seen = version
  }

  start (intervalMs = CONSOLE_SERVICES_POLL_MS): void {
    this.timer = setInterval(() => {
      this.refresh().catch((err: unknown) => { this.log.warn({ reason: (err as Error).message }, 'console services not refreshed') })
    }, intervalMs)
    this.timer.unref()
  }

  stop (): void {
    if (this.timer !== undefined) clearInterval(this.timer)
  }
}
