import { parseArgs } from 'node:util'
import type { ImportMode } from '../pronote/ImportReport.js'
import { isUai } from '../pronote/identifiers.js'

/** What the import command was asked to do. */
export type ImportArgs =
  | { command: 'help' }
  | { command: 'import', file: string, uai: string, mode: ImportMode, dryRun: boolean, json: boolean, force: boolean, by?: string }
  | { command: 'export-csv', uai: string, out?: string }
  | { command: 'undo', uai: string, json: boolean, by?: string }
  | { command: 'history', uai: string, json: boolean }

/** A mistake on the command line: the message is the one French line printed. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

export const USAGE = `Usage :
  npm run import -- --file IdPN_To_KOSMOS.xml --uai 0340000X --mode full|partial [--dry-run] [--force] [--by NOM] [--json]
  npm run import -- --export-csv --uai 0340000X [--out liens.csv]
  npm run import -- --history --uai 0340000X [--json]
  npm run import -- --undo --uai 0340000X [--by NOM] [--json]

  --mode full     rentrée : toutes les entrées ; les liens dont l'IDPN a quitté le fichier sont supprimés,
                  les liens faits à la main sont gardés tant que leur IDPN y figure
  --mode partial  nouveaux arrivants : entrées sans identifiant CAS, liens existants conservés
  --dry-run       rapport complet sans rien enregistrer
  --force         import complet qui supprime plus de 10 % des liens (et plus de 5) : sans cette option, il s'arrête
  --by NOM        qui fait l'import, pour l'historique (par défaut l'utilisateur du système)
  --json          rapport en JSON sur la sortie standard
  --export-csv    écrit les liens (IDPN;Identifiant CAS) pour la colonne « Identifiant CAS » de PRONOTE
  --history       les 5 derniers imports de l'établissement (date, auteur, mode, fichier, SHA-256, liens)
  --undo          rétablit les liens d'avant le dernier import (les liens faits à la main depuis sont perdus)
`

const onlyWith = (option: string, what: string): UsageError => new UsageError(`l'option ${option} ne s'emploie qu'${what}`)

/** Reads the command line; throws UsageError naming what is wrong. */
export function parseImportArgs (argv: string[]): ImportArgs {
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        file: { type: 'string' }, uai: { type: 'string' }, mode: { type: 'string' }, out: { type: 'string' }, by: { type: 'string' },
        'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, 'export-csv': { type: 'boolean' }, force: { type: 'boolean' },
        undo: { type: 'boolean' }, history: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }
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
  const actions = (['export-csv', 'undo', 'history'] as const).filter((a) => values[a] === true)
  if (actions.length > 1) throw new UsageError(`les options ${actions.map((a) => `--${a}`).join(' et ')} ne vont pas ensemble : une action à la fois`)
  const uai = values.uai
  if (typeof uai !== 'string') throw new UsageError('option --uai manquante (ex. --uai 0340000X)')
  if (!isUai(uai)) throw new UsageError(`UAI « ${uai} » invalide : 7 chiffres et une lettre attendus (ex. 0340000X)`)
  const by = values.by
  if (typeof by === 'string' && (by.trim() === '' || by.length > 256)) throw new UsageError('option --by vide ou trop longue : le nom de la personne qui fait l\'import est attendu')
  const byField = typeof by === 'string' ? { by: by.trim() } : {}
  const action = actions[0]
  if (action !== undefined) {
    for (const option of ['file', 'mode', 'dry-run', 'force'] as const) {
      if (values[option] !== undefined) throw onlyWith(`--${option}`, 'avec un import (--file … --mode …)')
    }
  }
  if (action !== 'export-csv' && values.out !== undefined) throw onlyWith('--out', 'avec --export-csv')
  if (action === 'export-csv') {
    if (values.json !== undefined || by !== undefined) throw onlyWith(values.json !== undefined ? '--json' : '--by', 'avec un import, --history ou --undo')
    return { command: 'export-csv', uai: uai.toUpperCase(), ...(typeof values.out === 'string' ? { out: values.out } : {}) }
  }
  if (action === 'history') {
    if (by !== undefined) throw onlyWith('--by', 'avec un import ou --undo')
    return { command: 'history', uai: uai.toUpperCase(), json: values.json === true }
  }
  if (action === 'undo') return { command: 'undo', uai: uai.toUpperCase(), json: values.json === true, ...byField }
  if (typeof values.file !== 'string') throw new UsageError('option --file manquante (le fichier exporté par PRONOTE)')
  if (values.mode === undefined) throw new UsageError('option --mode manquante (full ou partial)')
  if (values.mode !== 'full' && values.mode !== 'partial') throw new UsageError(`mode « ${String(values.mode)} » inconnu : full ou partial attendu`)
  if (values.force === true && values.mode !== 'full') throw onlyWith('--force', 'avec --mode full : un import partiel ne supprime aucun lien')
  return {
    command: 'import', file: values.file, uai: uai.toUpperCase(), mode: values.mode, dryRun: values['dry-run'] === true,
    json: values.json === true, force: values.force === true, ...byField
  }
}
