import { readFileSync } from 'node:fs'
import { ConfigError } from '../errors/ConfigError.js'
import { type Env, rawSetting } from './readSetting.js'

/** PROXY_CA_FILE is read at start-up, so that a missing or empty file stops the start rather than every proxy callback. */
export function proxyCa (env: Env): { proxyCaFile: string | undefined, proxyCa: string | undefined } {
  const path = rawSetting(env, 'PROXY_CA_FILE')
  if (path === undefined) return { proxyCaFile: undefined, proxyCa: undefined }
  let pem: string
  try { pem = readFileSync(path, 'utf8') } catch (err) {
    throw new ConfigError(`PROXY_CA_FILE: ${path} illisible (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new ConfigError(`PROXY_CA_FILE: ${path} ne contient aucun certificat PEM`)
  }
  return { proxyCaFile: path, proxyCa: pem }
}
