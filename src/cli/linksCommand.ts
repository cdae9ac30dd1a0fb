import { userInfo } from 'node:os'
import type { Config } from '../config/Config.js'
import { loadDirectories } from '../config/loadDirectories.js'
import { loadEnv } from '../config/loadEnv.js'
import type { Directory } from '../directory/Directory.js'
import { casUserOf } from '../pronote/casUserOf.js'
import { exportLinksCsv } from '../pronote/exportLinksCsv.js'
import { isIdpn, isUai } from '../pronote/identifiers.js'
import { linkByHand } from '../pronote/linkByHand.js'
import { LinkRuleError } from '../pronote/LinkRuleError.js'
import type { LinkStore, PronoteCategory, PronoteLink } from '../pronote/LinkStore.js'
import { readServicesFile, ServiceRegistry } from '../services/ServiceRegistry.js'
import { CliError, usageError } from './CliError.js'
import type { CliIo } from './CliIo.js'
import { LINKS_USAGE } from './cliUsage.js'
import { exportCommand, restoreCommand } from './linksBackupCommands.js'
import { openCliLinkStore } from './openCliLinkStore.js'
import { parseOptions, required } from './parseOptions.js'
import { writeFileAtomic } from './writeFileAtomic.js'

const HELP = 'sesame links --help'
const CATEGORY_NAMES: Record<PronoteCategory, string> = { 1: 'élève', 2: 'responsable', 3: 'professeur', 4: 'personnel' }
const byIdpn = (a: PronoteLink, b: PronoteLink): number => a.idpn < b.idpn ? -1 : a.idpn > b.idpn ? 1 : 0
type Values = Record<string, string | boolean | undefined>

function uaiOption (values: Values): string {
  const uai = required(values, 'uai', HELP, '0340000X')
  if (!isUai(uai)) throw usageError(`UAI « ${uai.slice(0, 20)} » invalide : 7 chiffres et une lettre attendus (ex. 0340000X)`, HELP)
  return uai.toUpperCase()
}

function idpnOption (values: Values): string {
  const idpn = required(values, 'idpn', HELP, 'A8BT6EGHDW3QFPXC')
  if (!isIdpn(idpn)) throw usageError(`IDPN « ${idpn.slice(0, 70)} » invalide (lettres, chiffres, - et _, 64 au plus)`, HELP)
  return idpn
}

function categoryOption (values: Values): PronoteCategory {
  const raw = required(values, 'category', HELP, '1')
  if (raw !== '1' && raw !== '2' && raw !== '3' && raw !== '4') throw usageError(`catégorie « ${raw.slice(0, 20)} » invalide : 1 (élève), 2 (responsable), 3 (professeur) ou 4 (personnel)`, HELP)
  return Number(raw) as PronoteCategory
}

/** Who runs the command, for the history of a manual link; a container may have no user name. */
function operator (): string {
  try { return `cli:${userInfo().username}` } catch { return 'cli' }
}

/** Opens the store, runs `use`, and closes the store and directories whatever happens. */
async function withStore<T> (config: Config, io: CliIo, use: (store: LinkStore, directories: Directory[]) => Promise<T>, needsDirectories = false): Promise<T> {
  const directories = needsDirectories ? await loadDirectories(config, io.env) : []
  try {
    const store = await openCliLinkStore(config, (line) => io.stderr.write(`${line}\n`))
    try { return await use(store, directories) } finally { await store.close().catch(() => {}) }
  } finally {
    await Promise.allSettled(directories.map(async (d) => { await d.close() }))
  }
}

async function list (values: Values, io: CliIo): Promise<void> {
  const uai = uaiOption(values)
  const links = (await withStore(loadEnv(io.env), io, async (store) => await store.listEstablishment(uai))).sort(byIdpn)
  if (values.json === true) { io.stdout.write(`${JSON.stringify(links, null, 2)}\n`); return }
  io.stdout.write(`${uai} : ${links.length} lien${links.length > 1 ? 's' : ''}\n`)
  if (links.length === 0) return
  const rows = [['IDPN', 'uid', 'catégorie', 'source', 'date'], ...links.map((l) => [l.idpn, l.uid, CATEGORY_NAMES[l.category], l.source === 'manual' ? 'manuel' : 'import', l.linkedAt])]
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  for (const r of rows) io.stdout.write(`${r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()}\n`)
}

async function link (values: Values, io: CliIo): Promise<void> {
  const uai = uaiOption(values)
  const idpn = idpnOption(values)
  const uid = required(values, 'uid', HELP, 'lea.dupont')
  if (uid.length > 256) throw usageError('uid trop long (256 caractères au plus)', HELP)
  const category = categoryOption(values)
  const made = await withStore(loadEnv(io.env), io, async (links, directories) =>
    await linkByHand({ links, directories }, { uai, idpn, uid, category, move: values.move === true, by: operator() }).catch((err: unknown) => {
      throw err instanceof LinkRuleError ? new CliError(`refusé : ${err.message}`, 1) : err
    }), true)
  io.stdout.write(`lien enregistré : ${made.idpn} → ${made.uid} (${CATEGORY_NAMES[made.category]}) dans ${made.uai}\n`)
}

async function unlink (values: Values, io: CliIo): Promise<void> {
  const uai = uaiOption(values)
  const idpn = idpnOption(values)
  const removed = await withStore(loadEnv(io.env), io, async (store) => await store.unlink(uai, idpn))
  if (!removed) throw new CliError(`aucun lien pour l'IDPN ${idpn} dans l'établissement ${uai}`, 1)
  io.stdout.write(`lien supprimé : ${idpn} dans ${uai}\n`)
}

async function csv (values: Values, io: CliIo): Promise<void> {
  const uai = uaiOption(values)
  const out = typeof values.out === 'string' ? values.out : undefined
  const config = loadEnv(io.env)
  const service = new ServiceRegistry(await readServicesFile(config.servicesFile)).forEstablishment(uai)
  // As the admin API's links.csv: the directories are read only when cas:user is not the uid.
  const needsDirectories = service !== undefined && service.userAttribute !== 'uid'
  const { text, count } = await withStore(config, io, async (store, directories) => {
    const links = await store.listEstablishment(uai)
    return { text: exportLinksCsv(links, await casUserOf(service, uai, directories)), count: links.length }
  }, needsDirectories)
  if (out === undefined) io.stdout.write(text)
  else await writeFileAtomic(out, text)
  io.stderr.write(`${count} ligne${count > 1 ? 's' : ''} de liens (plus l'en-tête) écrite${count > 1 ? 's' : ''} ${out === undefined ? 'sur la sortie standard' : `dans ${out}`}\n`)
}

const SUBCOMMANDS: Record<string, { options: Parameters<typeof parseOptions>[1], run: (values: Values, io: CliIo) => Promise<void> }> = {
  list: { options: { uai: { type: 'string' }, json: { type: 'boolean' } }, run: list },
  link: { options: { uai: { type: 'string' }, idpn: { type: 'string' }, uid: { type: 'string' }, category: { type: 'string' }, move: { type: 'boolean' } }, run: link },
  unlink: { options: { uai: { type: 'string' }, idpn: { type: 'string' } }, run: unlink },
  csv: { options: { uai: { type: 'string' }, out: { type: 'string' } }, run: csv },
  export: { options: { out: { type: 'string' } }, run: async (values, io) => { await exportCommand(required(values, 'out', HELP, 'liens.json'), io) } },
  restore: {
    options: { file: { type: 'string' }, uai: { type: 'string' } },
    run: async (values, io) => { await restoreCommand(required(values, 'file', HELP, 'liens.json'), values.uai === undefined ? undefined : uaiOption(values), io) }
  }
}

/** `sesame links <list|link|unlink|csv|export|restore> …`; throws CliError, ConfigError or a failure. */
export async function linksCommand (argv: string[], io: CliIo): Promise<void> {
  const [name, ...rest] = argv
  if (name === '--help' || name === '-h') { io.stdout.write(LINKS_USAGE); return }
  if (name === undefined) throw usageError('sous-commande manquante : list, link, unlink, csv, export ou restore', HELP)
  const sub = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined
  if (sub === undefined) throw usageError(`sous-commande « ${name.slice(0, 40)} » inconnue : list, link, unlink, csv, export ou restore`, HELP)
  const values = parseOptions(rest, sub.options, HELP)
  if (values.help === true) { io.stdout.write(LINKS_USAGE); return }
  await sub.run(values, io)
}
