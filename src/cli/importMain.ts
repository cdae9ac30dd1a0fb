import { stat, writeFile } from 'node:fs/promises'
import type { Config } from '../config/Config.js'
import { loadEnv } from '../config/loadEnv.js'
import type { Directory } from '../directory/Directory.js'
import { ConfigError } from '../errors/ConfigError.js'
import { casUserOf } from '../pronote/casUserOf.js'
import { exportLinksCsv } from '../pronote/exportLinksCsv.js'
import { readServicesFile, ServiceRegistry } from '../services/ServiceRegistry.js'
import { formatReport } from '../pronote/formatReport.js'
import { ImportError } from '../pronote/ImportError.js'
import type { LinkStore } from '../pronote/LinkStore.js'
import { runImport } from '../pronote/runImport.js'
import { type ImportArgs, parseImportArgs, USAGE, UsageError } from './parseImportArgs.js'
import { type ProgressOutput, stepProgress } from './stepProgress.js'

/** What the command needs from the outside world; the entry point passes the real ones. */
export interface ImportCliDeps {
  env: Record<string, string | undefined>
  stdout: { write: (text: string) => unknown }
  stderr: ProgressOutput
  loadDirectories: (config: Config) => Promise<Directory[]>
  createLinkStore: (config: Config) => Promise<LinkStore>
}

async function checkFile (file: string, limit: number): Promise<void> {
  const s = await stat(file).catch((err: NodeJS.ErrnoException) => {
    throw new ImportError('READ_FAILED', `fichier illisible : ${file} (${err.code ?? String(err)})`)
  })
  if (!s.isFile()) throw new ImportError('READ_FAILED', `${file} n'est pas un fichier`)
  if (s.size > limit) throw new ImportError('TOO_LARGE', `fichier trop volumineux : ${file} dépasse ${limit} octets (IMPORT_MAX_BYTES)`)
}

async function run (args: Exclude<ImportArgs, { command: 'help' }>, deps: ImportCliDeps): Promise<void> {
  const config = loadEnv(deps.env)
  const limit = config.importMaxBytes
  if (args.command === 'import') await checkFile(args.file, limit) // before opening anything
  const linkStore = await deps.createLinkStore(config)
  const directories: Directory[] = []
  try {
    if (args.command === 'export-csv') {
      const service = new ServiceRegistry(await readServicesFile(config.servicesFile)).forEstablishment(args.uai)
      // The directories are read only when cas:user is not the uid (see casUserOf).
      if (service !== undefined && service.userAttribute !== 'uid') directories.push(...await deps.loadDirectories(config))
      const csv = exportLinksCsv(await linkStore.listEstablishment(args.uai), await casUserOf(service, args.uai, directories))
      if (args.out === undefined) deps.stdout.write(csv)
      else await writeFile(args.out, csv)
      return
    }
    directories.push(...await deps.loadDirectories(config))
    const report = await runImport({
      source: { path: args.file }, uai: args.uai, mode: args.mode, dryRun: args.dryRun, maxBytes: limit,
      directories, linkStore, onStep: stepProgress(deps.stderr), partner: config.pronotePartner
    })
    if (config.pronotePartner?.demo === true) deps.stderr.write(`Clé partenaire de démonstration ${config.pronotePartner.name} (config/demo/) : définir PRONOTE_PARTNER_NAME et PRONOTE_PARTNER_KEY_FILE pour les vrais exports\n`)
    deps.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report))
  } finally {
    await Promise.allSettled([linkStore.close(), ...directories.map(async (d) => { await d.close() })])
  }
}

/**
 * The import command (`npm run import -- …`). Returns the exit code: 0 done, 2 bad input (the
 * command line, the environment or the file; one French line on stderr, nothing changed),
 * 1 internal failure.
 */
export async function main (argv: string[], deps: ImportCliDeps): Promise<number> {
  try {
    const args = parseImportArgs(argv)
    if (args.command === 'help') {
      deps.stdout.write(USAGE)
      return 0
    }
    await run(args, deps)
    return 0
  } catch (err) {
    if (err instanceof UsageError) {
      // One line, as for every other refusal; the usage is one --help away.
      deps.stderr.write(`Erreur : ${err.message} (npm run import -- --help pour l'aide)\n`)
      return 2
    }
    if (err instanceof ImportError) {
      deps.stderr.write(`${deps.stderr.isTTY === true ? '\n' : ''}Import refusé : ${err.message}\n`)
      return 2
    }
    if (err instanceof ConfigError) {
      deps.stderr.write(`Configuration invalide : ${err.message}\n`)
      return 2
    }
    deps.stderr.write(`Erreur interne : ${err instanceof Error ? err.message : String(err)}\n`)
    return 1
  }
}
