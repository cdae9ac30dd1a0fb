import { randomBytes } from 'node:crypto'
import { ConfigError } from '../errors/ConfigError.js'
import { type Env, rawSetting } from './readSetting.js'

/** CAS_SECRET: required in production, generated otherwise; every secret of the list 32+ characters. */
export function casSecrets (env: Env, production: boolean): { casSecrets: string[], casSecretGenerated: boolean } {
  const raw = rawSetting(env, 'CAS_SECRET')
  if (raw === undefined) {
    if (production) throw new ConfigError('CAS_SECRET: obligatoire quand NODE_ENV=production (au moins 32 caractères)')
    return { casSecrets: [randomBytes(32).toString('base64url')], casSecretGenerated: true }
  }
  // A comma-separated list allows rotation: the first signs, all still verify.
  const list = raw.split(',').map((s) => s.trim()).filter((s) => s !== '')
  for (const s of list) {
    if (s.length < 32) throw new ConfigError('CAS_SECRET: chaque secret doit faire au moins 32 caractères')
  }
  return { casSecrets: list, casSecretGenerated: false }
}
