import { stat, writeFile } from 'node:fs/promises'
import { userInfo } from 'node:os'
import type { Config } from '../config/Config.js'
import { loadEnv } from '../config/loadEnv.js'
import { establishmentFacts } from '../pronote/establishmentFacts.js'
import type { Directory } from '../directory/Directory.js'
import { ConfigError } from '../errors/ConfigError.js'
import { casUserOf } from '../pronote/casUserOf.js'
import { exportLinksCsv } from '../pronote/exportLinksCsv.js'
import { readServicesFile, ServiceRegistry } from '../services/ServiceRegistry.js'
import { formatReport } from '../pronote/formatReport.js'
import { formatHistory, historyView } from '../pronote/historyView.js'
import { ImportError } from '../pronote/ImportError.js'
import type { LinkStore } from '../pronote/LinkStore.js'
import { RemovalLimitError } from '../pronote/RemovalLimitError.js'
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
  /** Who runs the command when --by is not given (default: the OS user). */
  osUser?: () => string
}

/** The OS user, for the history; USER when the system has no name for the uid (containers). */
function currentUser (env: Record<string, string | undefined>): string {
  try { return userInfo().username } catch { return env.USER ?? 'inconnu' }
}

/** Asked for something that is not there (nothing to undo): one line, exit 2, nothing changed. */
class NothingToDo extends Error {}

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
  const by = (): string => ('by' in args ? args.by : undefined) ?? deps.osUser?.() ?? currentUser(deps.env)
  try {
    if (args.command === 'history') {
      const records = await linkStore.importHistory(args.uai)
      deps.stdout.write(args.json ? `${JSON.stringify(records.map(historyView), null, 2)}\n` : formatHistory(args.uai, records))
      return
    }
    if (args.command === 'undo') {
      const undone = await linkStore.undoImport(args.uai)
      if (undone === undefined) throw new NothingToDo(`aucun import à annuler pour l'établissement ${args.uai}`)
      const links = (await linkStore.listEstablishment(args.uai)).length
      deps.stdout.write(args.json
        ? `${JSON.stringify({ uai: args.uai, undone: historyView(undone), links, by: by() }, null, 2)}\n`
        : `Import du ${undone.at.replace('T', ' ').slice(0, 19)} UTC (${undone.by}, ${undone.fileName ?? 'fichier envoyé'}) annulé par ${by()} : l'établissement ${args.uai} a retrouvé ses ${links} lien(s) d'avant.\n`)
      return
    }
    const registry = new ServiceRegistry(await readServicesFile(config.servicesFile))
    if (args.command === 'export-csv') {
      const service = registry.forEstablishment(args.uai)
      // The directories are read only when cas:user is not the uid (see casUserOf).
      if (service !== undefined && service.userAttribute !== 'uid') directories.push(...await deps.loadDirectories(config))
      const links = await linkStore.listEstablishment(args.uai)
      const csv = exportLinksCsv(links, await casUserOf(service, args.uai, directories))
      if (args.out === undefined) deps.stdout.write(csv)
      else await writeFile(args.out, csv)
      // On stderr, so that the CSV alone goes to the standard output.
      deps.stderr.write(`${links.length} ligne(s) de liens (plus l'en-tête) écrite(s) ${args.out === undefined ? 'sur la sortie standard' : `dans ${args.out}`} pour la colonne « Identifiant CAS » de PRONOTE.\n`)
      return
    }
    directories.push(...await deps.loadDirectories(config))
    try {
      const report = await runImport({
        source: { path: args.file }, uai: args.uai, mode: args.mode, dryRun: args.dryRun, maxBytes: limit, force: args.force, by: by(),
        ...establishmentFacts(registry, args.uai), directories, linkStore, onStep: stepProgress(deps.stderr), partner: config.pronotePartner
      })
      if (config.pronotePartner?.demo === true) deps.stderr.write(`Clé partenaire de démonstration ${config.pronotePartner.name} (config/demo/) : définir PRONOTE_PARTNER_NAME et PRONOTE_PARTNER_KEY_FILE pour les vrais exports\n`)
      deps.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report))
    } catch (err) {
      // The whole report, so the admin sees every link the import would have removed.
      if (err instanceof RemovalLimitError) deps.stdout.write(args.json ? `${JSON.stringify(err.report, null, 2)}\n` : formatReport(err.report))
      throw err
    }
  } finally {
    await Promise.allSettled([linkStore.close(), ...directories.map(async (d) => { await d.close() })])
  }
}

/**
 * The import command (`npm run import -- …`). Returns the exit code: 0 done, 2 bad input (the
 * command line, the environment or the file; one French line on stderr, nothing changed),
 * 3 a full import stopped by the removal limit (the report on stdout, nothing changed; --force
 * to go ahead), 1 internal failure.
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
    if (err instanceof RemovalLimitError) {
      deps.stderr.write(`${deps.stderr.isTTY === true ? '\n' : ''}Import arrêté : ${err.message}\n`)
      return 3
    }
    if (err instanceof NothingToDo) {
      deps.stderr.write(`Rien à faire : ${err.message}\n`)
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
