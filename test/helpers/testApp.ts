import type { FastifyInstance } from 'fastify'
import { Redis } from 'ioredis'
import type { Test } from 'tap'
import { buildApp, type AppOptions } from '../../src/app.js'
import type { Config } from '../../src/config/Config.js'
import { loadEnv } from '../../src/config/loadEnv.js'
import type { Directory } from '../../src/directory/Directory.js'
import { FileDirectory } from '../../src/directory/FileDirectory.js'
import type { LinkStore } from '../../src/pronote/LinkStore.js'
import { MemoryLinkStore } from '../../src/pronote/MemoryLinkStore.js'
import type { CasContext } from '../../src/protocol/CasContext.js'
import { parseServices } from '../../src/services/parseServices.js'
import { ServiceRegistry } from '../../src/services/ServiceRegistry.js'
import { MemoryServiceStore } from '../../src/services/store/MemoryServiceStore.js'
import type { ServiceStore } from '../../src/services/store/ServiceStore.js'
import type { AttemptStore } from '../../src/throttle/AttemptStore.js'
import { MemoryAttemptStore } from '../../src/throttle/MemoryAttemptStore.js'
import { RedisAttemptStore } from '../../src/throttle/RedisAttemptStore.js'
import { MemoryTicketStore } from '../../src/tickets/MemoryTicketStore.js'
import { RedisTicketStore } from '../../src/tickets/RedisTicketStore.js'
import type { TicketStore } from '../../src/tickets/TicketStore.js'
import { testRedisUrl } from './testServers.js'

export const PRONOTE = 'https://0340000x.index-education.net/pronote/'
export const PRONOTE_ELEVE = `${PRONOTE}eleve.html`
/** The demo users (config/demo-users.json) all have this password. */
export const DEMO_PASSWORD = 'demo'

export const TEST_SERVICES = [
  {
    id: 'pronote-0340000x',
    name: 'PRONOTE — Lycée Joffre',
    serviceId: 'https://0340000x.index-education.net/pronote/**',
    uai: '0340000X',
    access: ['eleve', 'parent', 'enseignant', 'non-enseignant', 'autre'],
    attributeRelease: 'pronote',
    singleLogout: true,
    evaluationOrder: 10
  },
  {
    id: 'pronote-eleves-0340001y',
    name: 'PRONOTE — Collège Clemenceau (élèves)',
    serviceId: 'https://0340001y.index-education.net/pronote/**',
    uai: '0340001Y',
    access: ['eleve'],
    attributeRelease: 'pronote',
    evaluationOrder: 20
  },
  { id: 'portal', name: 'Portail ENT', serviceId: 'https://ent.example.fr/**', evaluationOrder: 30 }
]

export interface TestAppOptions {
  env?: Record<string, string>
  services?: unknown[]
  directories?: Directory[]
  links?: LinkStore
  /** Services made in the console; a fresh in-memory store by default. */
  serviceStore?: ServiceStore
  store?: 'memory' | 'redis'
  /** A ticket store of the test's own, to look into (else one of the `store` kind). */
  tickets?: TicketStore
  app?: AppOptions
}

export interface TestApp {
  app: FastifyInstance
  ctx: CasContext
  config: Config
}

let prefixCounter = 0

/** A ticket store of the kind asked for; Redis ones use the server `npm test` started, under a fresh prefix. */
export function makeTicketStore (t: Test, kind: 'memory' | 'redis'): TicketStore {
  if (kind === 'memory') return new MemoryTicketStore()
  const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 })
  t.teardown(() => { redis.disconnect() })
  return new RedisTicketStore(redis, `test:${process.pid}:${prefixCounter++}:`)
}

/** An attempt store of the kind asked for, under a fresh prefix for Redis. */
export function makeAttemptStore (t: Test, kind: 'memory' | 'redis'): AttemptStore {
  if (kind === 'memory') return new MemoryAttemptStore()
  const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 })
  t.teardown(() => { redis.disconnect() })
  return new RedisAttemptStore(redis, `test:${process.pid}:${prefixCounter++}:attempts:`)
}

/** Sésame built on test backends, closed when the test ends. */
export async function testApp (t: Test, options: TestAppOptions = {}): Promise<TestApp> {
  const config = loadEnv({ CAS_SECRET: 'a-test-secret-of-at-least-32-characters!', LOG_LEVEL: 'silent', ...options.env })
  const ctx: CasContext = {
    config,
    tickets: options.tickets ?? makeTicketStore(t, options.store ?? 'memory'),
    links: options.links ?? new MemoryLinkStore(),
    attempts: makeAttemptStore(t, options.store ?? 'memory'),
    registry: new ServiceRegistry(parseServices(options.services ?? TEST_SERVICES, 'test-services')),
    serviceStore: options.serviceStore ?? new MemoryServiceStore(),
    directories: options.directories ?? [await FileDirectory.load('demo', 'Comptes de démonstration', 'config/demo-users.json')]
  }
  const app = await buildApp(ctx, options.app)
  t.teardown(async () => await app.close())
  return { app, ctx, config }
}
