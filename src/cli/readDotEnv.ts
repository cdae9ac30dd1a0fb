import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseEnv } from 'node:util'
import { ConfigError } from '../errors/ConfigError.js'

type Env = Record<string, string | undefined>

/**
 * The environment the command runs with: `env`, completed by `<cwd>/.env` when there is one.
 * A variable already in the environment wins, as with `node --env-file=.env` for the server. The
 * file is parsed by Node's own parser (util.parseEnv, the one behind --env-file), so the server
 * and the command read a .env alike; it is read here rather than with process.loadEnvFile so that
 * an unreadable file gets one French line, and process.env stays untouched.
 */
export function readDotEnv (env: Env, cwd: string): { env: Env, file?: string } {
  const file = join(cwd, '.env')
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return { env }
    throw new ConfigError(`.env : ${file} illisible (${code ?? String(err)})`)
  }
  const merged: Env = { ...parseEnv(text) }
  for (const [name, value] of Object.entries(env)) if (value !== undefined) merged[name] = value
  return { env: merged, file }
}
