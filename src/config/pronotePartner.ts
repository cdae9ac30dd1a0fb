import { createPrivateKey, type KeyObject } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { ConfigError } from '../errors/ConfigError.js'
import type { PronotePartner } from './Config.js'
import { type Env, rawSetting } from './readSetting.js'
import { DEMO_PARTNER } from './settings.js'

/** An RSA private key from a PEM file (PKCS#8 or PKCS#1), or a ConfigError naming the variable. */
function readPartnerKey (file: string): KeyObject {
  let pem: string
  try { pem = readFileSync(file, 'utf8') } catch (err) {
    throw new ConfigError(`PRONOTE_PARTNER_KEY_FILE: ${file} illisible (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
  }
  let key: KeyObject
  try { key = createPrivateKey({ key: pem, format: 'pem' }) } catch {
    throw new ConfigError(`PRONOTE_PARTNER_KEY_FILE: ${file} n'est pas une clé privée PEM lisible (PKCS#8 ou PKCS#1, sans phrase de passe)`)
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new ConfigError(`PRONOTE_PARTNER_KEY_FILE: ${file} contient une clé ${key.asymmetricKeyType ?? 'inconnue'}, une clé privée RSA est attendue`)
  }
  return key
}

/** PRONOTE_PARTNER_NAME and PRONOTE_PARTNER_KEY_FILE go together; neither: the demo partner, outside production. */
export function pronotePartner (env: Env, production: boolean): PronotePartner | undefined {
  const name = rawSetting(env, 'PRONOTE_PARTNER_NAME')
  const keyFile = rawSetting(env, 'PRONOTE_PARTNER_KEY_FILE')
  if (name === undefined && keyFile === undefined) {
    if (production || !existsSync(DEMO_PARTNER.keyFile)) return undefined
    return { name: DEMO_PARTNER.name, keyFile: DEMO_PARTNER.keyFile, privateKey: readPartnerKey(DEMO_PARTNER.keyFile), demo: true }
  }
  if (name === undefined) throw new ConfigError('PRONOTE_PARTNER_NAME: obligatoire avec PRONOTE_PARTNER_KEY_FILE (le nom de partenaire sous lequel PRONOTE chiffre les exports)')
  if (keyFile === undefined) throw new ConfigError('PRONOTE_PARTNER_KEY_FILE: obligatoire avec PRONOTE_PARTNER_NAME (la clé privée RSA du partenaire, en PEM)')
  return { name, keyFile, privateKey: readPartnerKey(keyFile), demo: false }
}
