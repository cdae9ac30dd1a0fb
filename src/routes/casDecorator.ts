import type { CasContext } from '../protocol/CasContext.js'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The context the routes work with (config, stores, registry, directories). buildApp decorates
     * the root instance with it once, before any route plugin is registered, so every plugin reads
     * it from its own instance instead of being handed it.
     */
    cas: CasContext
  }
}
