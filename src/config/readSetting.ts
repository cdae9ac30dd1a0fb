import { ConfigError } from '../errors/ConfigError.js'
import { settingOf, type SettingName } from './settings.js'

export type Env = Record<string, string | undefined>

// "cas.example.fr" or "redis1:6379" (which URL would read as the scheme "redis1:"): a URL
// written without its scheme, answered with the form expected.
export const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i

/** The variable as written, trimmed; blank is unset. Secrets keep their spaces (secretSetting). */
export function rawSetting (env: Env, name: SettingName): string | undefined {
  const v = env[name]
  return v === undefined || v.trim() === '' ? undefined : v.trim()
}

/** A password: kept exactly as written, since spaces may be part of it; only '' is unset. */
export function secretSetting (env: Env, name: SettingName): string | undefined {
  const v = env[name]
  return v === '' ? undefined : v
}

/** Text, or the schema's default. */
export function stringSetting (env: Env, name: SettingName): string | undefined {
  const d = settingOf(name).default
  return rawSetting(env, name) ?? (d === undefined ? undefined : String(d))
}

/** An integer within the schema's range, or its default. */
export function integerSetting (env: Env, name: SettingName): number {
  const { kind, default: fallback } = settingOf(name)
  if (kind.type !== 'integer' || typeof fallback !== 'number') throw new TypeError(`${name} is not an integer setting with a default`)
  const raw = rawSetting(env, name)
  if (raw === undefined) return fallback
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name}: "${raw}" n'est pas un entier positif`)
  const n = Number(raw)
  if (n < kind.min || n > kind.max) throw new ConfigError(`${name}: ${n} doit être compris entre ${kind.min} et ${kind.max}`)
  return n
}

/** One of the schema's values, or its default (undefined when it has none). */
export function enumSetting (env: Env, name: SettingName): string | undefined {
  const { kind, default: fallback } = settingOf(name)
  if (kind.type !== 'enum') throw new TypeError(`${name} is not an enum setting`)
  const raw = rawSetting(env, name)
  if (raw === undefined) return fallback === undefined ? undefined : String(fallback)
  if (!kind.values.includes(raw)) {
    throw new ConfigError(`${name}: "${raw}" inconnu (attendu : ${kind.expected ?? kind.values.join(', ')})`)
  }
  return raw
}
