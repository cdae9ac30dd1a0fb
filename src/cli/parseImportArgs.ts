import { parseArgs } from 'node:util'
import type { ImportMode } from '../pronote/ImportReport.js'
import { isUai } from '../pronote/identifiers.js'

/** What the import command was asked to do. */
export type ImportArgs =
  | { command: 'help' }
  | { command: 'import', file: string, uai: string, mode: ImportMode, dryRun: boolean, json: boolean }
  | { command: 'export-csv', uai: string, out?: string }

/** A mistake on the command line: the message is the one French line printed. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

export const USAGE = `Usage :
  npm run import -- --file IdPN_To_KOSMOS.xml --uai 0340000X --mode full|partial [--dry-run] [--json]
  npm run import -- --export-csv --uai 0340000X [--out liens.csv]

  --mode full     rentrée : toutes les entrées, les liens de l'établissement sont remplacés
  --mode partial  nouveaux arrivants : entrées sans identifiant CAS, liens existants conservés
  --dry-run       rapport complet sans rien enregistrer
  --json          rapport en JSON sur la sortie standard
  --export-csv    écrit les liens (IDPN;Identifiant CAS) pour la colonne « Identifiant CAS » de PRONOTE
`

/** Reads the command line; throws UsageError naming what is wrong. */
export function parseImportArgs (argv: string[]): ImportArgs {
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        file: { type: 'string' }, uai: { type: 'string' }, mode: { type: 'string' }, out: { type: 'string' },
        'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, 'export-csv': { type: 'boolean' }, help: { type: 'boolean', short: 'h' }
      }
    }).values
  } catch (err) {
    const m = /'([^']+)'/.exec((err as Error).message)
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`option inconnue ${m?.[1] ?? ''}`.trim())
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`l'option ${m?.[1]?.split(' ')[0] ?? ''} attend une valeur`)
    throw new UsageError(`argument inattendu : ${m?.[1] ?? (err as Error).message}`)
  }
  if (values.help === true) return { command: 'help' }
  const uai = values.uai
  if (typeof uai !== 'string') throw new UsageError('option --uai manquante (ex. --uai 0340000X)')
  if (!isUai(uai)) throw new UsageError(`UAI « ${uai} » invalide : 7 chiffres et une lettre attendus (ex. 0340000X)`)
  if (values['export-csv'] === true) {
    return { command: 'export-csv', uai: uai.toUpperCase(), ...(typeof values.out === 'string' ? { out: values.out } : {}) }
  }
  if (typeof values.file !== 'string') throw new UsageError('option --file manquante (le fichier exporté par PRONOTE)')
  if (values.mode === undefined) throw new UsageError('option --mode manquante (full ou partial)')
  if (values.mode !== 'full' && values.mode !== 'partial') throw new UsageError(`mode « ${String(values.mode)} » inconnu : full ou partial attendu`)
  return { command: 'import', file: values.file, uai: uai.toUpperCase(), mode: values.mode, dryRun: values['dry-run'] === true, json: values.json === true }
}
