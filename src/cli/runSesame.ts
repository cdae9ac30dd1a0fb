import { ConfigError } from '../errors/ConfigError.js'
import { CliError } from './CliError.js'
import type { CliIo } from './CliIo.js'
import { HASH_PASSWORD_USAGE, SESAME_USAGE } from './cliUsage.js'
import { readDotEnv } from './readDotEnv.js'

// Each command's modules (ioredis, ldapts, the import) are loaded only when that command runs,
// so that --help and hash-password start quickly.

/** One line, whatever the error carried: a message never spills a stack or a second line. */
const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim()

/**
 * `sesame <command> …`. Returns the exit code: 0 done, 2 a wrong command line, configuration or
 * input file (nothing changed), 1 a failure (Redis unreachable, links unreadable, a refusal);
 * every error is one French line on stderr.
 */
export async function runSesame (argv: string[], io: Omit<CliIo, 'env'> & { env: CliIo['env'], cwd: string }): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.stdout.write(SESAME_USAGE)
      return command === undefined ? 2 : 0
    }
    if (command === 'hash-password') {
      if (rest.includes('--help') || rest.includes('-h')) { io.stdout.write(HASH_PASSWORD_USAGE); return 0 }
      if (rest.length > 0) throw new CliError(`argument inattendu : ${rest[0]!.slice(0, 40)}`, 2, 'sesame hash-password --help')
      const { hashPasswordMain } = await import('./hashPasswordMain.js')
      return await hashPasswordMain()
    }
    const env = readDotEnv(io.env, io.cwd).env
    if (command === 'import') {
      const [{ main: importMain }, { loadDirectories }, { openCliLinkStore }] = await Promise.all([
        import('./importMain.js'), import('../config/loadDirectories.js'), import('./openCliLinkStore.js')
      ])
      // The import command keeps its own options and messages: argv goes through unchanged.
      return await importMain(rest, {
        env,
        stdout: io.stdout,
        stderr: io.stderr,
        loadDirectories: async (config) => await loadDirectories(config, env),
        createLinkStore: async (config) => await openCliLinkStore(config, (line) => io.stderr.write(`${line}\n`))
      })
    }
    if (command === 'links') {
      const { linksCommand } = await import('./linksCommand.js')
      await linksCommand(rest, { ...io, env })
      return 0
    }
    throw new CliError(`commande « ${command.slice(0, 40)} » inconnue : import, links ou hash-password`, 2, 'sesame --help')
  } catch (err) {
    if (err instanceof CliError) {
      const hint = err.usageOf === undefined ? '' : ` (${err.usageOf} pour l'aide)`
      io.stderr.write(`Erreur : ${oneLine(err.message)}${hint}\n`)
      return err.exitCode
    }
    if (err instanceof ConfigError) {
      io.stderr.write(`Configuration invalide : ${oneLine(err.message)}\n`)
      return 2
    }
    io.stderr.write(`Échec : ${oneLine(err instanceof Error ? err.message : String(err))}\n`)
    return 1
  }
}
