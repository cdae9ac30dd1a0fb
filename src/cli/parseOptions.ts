import { parseArgs, type ParseArgsConfig } from 'node:util'
import { usageError } from './CliError.js'

type Options = NonNullable<ParseArgsConfig['options']>

/**
 * The options of one subcommand, strictly (an unknown option or a stray argument is refused);
 * node's English parse errors become one French line naming the culprit.
 */
export function parseOptions (argv: string[], options: Options, command: string): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args: argv, strict: true, allowPositionals: false, options: { ...options, help: { type: 'boolean', short: 'h' } } }).values as Record<string, string | boolean | undefined>
  } catch (err) {
    const m = /'([^']+)'/.exec((err as Error).message)
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw usageError(`option inconnue ${m?.[1] ?? ''}`.trim(), command)
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw usageError(`l'option ${m?.[1]?.split(' ')[0] ?? ''} attend une valeur`, command)
    throw usageError(`argument inattendu : ${m?.[1] ?? (err as Error).message}`, command)
  }
}

/** A required string option, or a usage error naming it. */
export function required (values: Record<string, string | boolean | undefined>, name: string, command: string, example: string): string {
  const v = values[name]
  if (typeof v !== 'string' || v.trim() === '') throw usageError(`option --${name} manquante (ex. --${name} ${example})`, command)
  return v.trim()
}
