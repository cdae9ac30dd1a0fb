import { readFile } from 'node:fs/promises'
import closeWithGrace from 'close-with-grace'
import { pino } from 'pino'
import { buildApp } from './app.js'
import { loadEnv } from './config/loadEnv.js'
import { checkReadyRequires } from './config/checkReadyRequires.js'
import { refuseDemoMaterial } from './config/refuseDemoMaterial.js'
import { FileDirectory } from './directory/FileDirectory.js'
import { checkDirectoriesAtStart, checkRedisAtStart } from './health/checkAtStart.js'
import { createContext } from './createContext.js'
import { ConfigError } from './errors/ConfigError.js'
import { closeRedis } from './health/closeRedis.js'
import { watchRedis } from './health/watchRedis.js'
import { loggerOptions } from './logger.js'
import { readServicesFile } from './services/ServiceRegistry.js'

/** The process: config, buildApp, listen, SIGHUP reload, graceful close on SIGTERM/SIGINT. */
async function main (): Promise<void> {
  const config = loadEnv(process.env)
  const logger = pino(loggerOptions(config.logLevel))
  const { ctx, redis } = await createContext(config, process.env, logger)
  refuseDemoMaterial({ config, directories: ctx.directories, registry: ctx.registry, env: process.env })
  checkReadyRequires(config.readyRequires, ctx.directories)
  // Each backend's state once, one line each, before the first request: what /ready will say.
  if (redis !== undefined) await checkRedisAtStart(redis, config, logger)
  await checkDirectoriesAtStart(ctx.directories, logger)
  const app = await buildApp(ctx, { loggerInstance: logger, redis, processMetrics: true })
  if (config.casSecretGenerated) app.log.warn('CAS_SECRET is not set: a random one was generated; login forms open at a restart will be refused, and several nodes cannot share it')
  if (redis === undefined) app.log.warn('REDIS_URL is not set: tickets are kept in this process only (embedded mode, one node)')
  if (redis !== undefined) watchRedis(redis, app.log)
  // The stores leave the shared client open: the process closes it, once requests have finished.
  app.addHook('onClose', async () => { if (redis !== undefined) await closeRedis(redis) })

  process.on('SIGHUP', () => {
    // The new registry replaces the old one in one assignment; a broken file keeps the old one.
    readServicesFile(config.servicesFile).then((services) => {
      ctx.registry.replace(services)
      app.log.info({ services: services.length }, 'service registry reloaded')
    }, (err: unknown) => {
      app.log.error({ reason: err instanceof Error ? err.message : String(err) }, 'service registry NOT reloaded: keeping the previous one')
    })
    // `file` directories read their users file again, each on its own: one broken file keeps its
    // previous users and does not hold up the others.
    for (const d of ctx.directories) {
      if (!(d instanceof FileDirectory)) continue
      d.reload().then((users) => {
        app.log.info({ directory: d.id, users }, 'file directory reloaded')
      }, (err: unknown) => {
        app.log.error({ directory: d.id, reason: err instanceof Error ? err.message : String(err) }, 'file directory NOT reloaded: keeping the previous users')
      })
    }
  })
  // SIGTERM and SIGINT drain: no new connection, requests in flight finish, then the context closes.
  // An uncaught exception or unhandled rejection drains the same way, logged as one JSON line, and
  // exits 1; a second signal or error, or 25 s (an orchestrator's grace is usually 30 s), exits 1 at
  // once. SIGHUP is left out: it reloads (above). README "Operations" says why this library.
  closeWithGrace({
    delay: 25_000,
    skip: ['SIGHUP'],
    logger: false,
    onTimeout: () => { app.log.error('requests still in flight after 25 s: exiting anyway') },
    onSecondSignal: (signal) => { app.log.error({ signal }, 'second signal while closing: exiting now') },
    onSecondError: (err) => { app.log.fatal({ err }, 'uncaught error while closing: exiting now') }
  }, async ({ signal, err }) => {
    if (err !== undefined) app.log.fatal({ err }, 'uncaught error: closing')
    app.log.info({ signal }, 'closing: finishing requests in flight')
    await app.close().catch((closeErr: unknown) => { app.log.error({ err: closeErr }, 'close failed'); throw closeErr })
    app.log.info('closed: requests finished, Redis and directories closed')
  })
  try {
    await app.listen({ port: config.port, host: config.host })
  } catch (err) {
    // A port taken or an address this machine does not have is a setting to fix, not a crash.
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      await app.close().catch(() => {})
      throw new ConfigError(`HOST=${config.host} PORT=${config.port}: impossible d'écouter (${code === 'EADDRINUSE' ? 'port déjà utilisé' : code === 'EACCES' ? 'port réservé' : 'adresse inconnue sur cette machine'}, ${code})`)
    }
    throw err
  }
  const version = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')).version as string
  // The pid is the node process's own (npm start's is its parent): the one to send SIGHUP to.
  app.log.info({ publicUrl: config.publicUrl, version, pid: process.pid, node: process.version }, 'Sésame is ready')
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`sesame: ${err.message}\n`)
    process.exit(2)
  }
  process.stderr.write(`sesame: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`)
  process.exit(1)
})
