import { readFile } from 'node:fs/promises'
import { pino } from 'pino'
import { buildApp } from './app.js'
import { loadEnv } from './config/loadEnv.js'
import { createContext } from './createContext.js'
import { ConfigError } from './errors/ConfigError.js'
import { loggerOptions } from './logger.js'
import { readServicesFile } from './services/ServiceRegistry.js'

/** The process: config, buildApp, listen, SIGHUP reload, graceful close on SIGTERM/SIGINT. */
async function main (): Promise<void> {
  const config = loadEnv(process.env)
  const logger = pino(loggerOptions(config.logLevel))
  const { ctx, redis } = await createContext(config, process.env, logger)
  const app = await buildApp(ctx, { loggerInstance: logger })
  if (config.casSecretGenerated) app.log.warn('CAS_SECRET is not set: a random one was generated; sessions and forms will not survive a restart, and several nodes cannot share them')
  if (redis === undefined) app.log.warn('REDIS_URL is not set: tickets are kept in this process only (embedded mode, one node)')
  app.addHook('onClose', async () => { redis?.disconnect() })

  process.on('SIGHUP', () => {
    // The new registry replaces the old one in one assignment; a broken file keeps the old one.
    readServicesFile(config.servicesFile).then((services) => {
      ctx.registry.replace(services)
      app.log.info({ services: services.length }, 'service registry reloaded')
    }, (err: unknown) => {
      app.log.error({ reason: err instanceof Error ? err.message : String(err) }, 'service registry NOT reloaded: keeping the previous one')
    })
  })
  let closing = false
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) return
      closing = true
      app.log.info({ signal }, 'closing: finishing requests in flight')
      app.close().then(() => process.exit(0), (err: unknown) => { app.log.error({ err }, 'close failed'); process.exit(1) })
    })
  }
  await app.listen({ port: config.port, host: config.host })
  const version = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')).version as string
  app.log.info({ publicUrl: config.publicUrl, version }, 'Sésame is ready')
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`sesame: ${err.message}\n`)
    process.exit(2)
  }
  process.stderr.write(`sesame: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`)
  process.exit(1)
})
