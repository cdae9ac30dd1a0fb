/** What a `sesame` subcommand needs from the outside world; the entry point passes the real ones. */
export interface CliIo {
  /** The environment, completed by the working directory's .env (see readDotEnv). */
  env: Record<string, string | undefined>
  stdout: { write: (text: string) => unknown }
  stderr: { write: (text: string) => unknown, isTTY?: boolean }
}
