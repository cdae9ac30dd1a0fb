/**
 * A refusal of the `sesame` command: `message` is the one French line printed, `exitCode` 2 for
 * a wrong command line, configuration or input file (nothing was tried), 1 for an operation that
 * failed or was refused (Redis unreachable, links file unreadable, a rule said no).
 */
export class CliError extends Error {
  constructor (message: string, readonly exitCode: 1 | 2, readonly usageOf?: string) {
    super(message)
    this.name = 'CliError'
  }
}

/** A mistake on the command line; `command` names the help to point at (`sesame links --help`). */
export function usageError (message: string, command: string): CliError {
  return new CliError(message, 2, command)
}
