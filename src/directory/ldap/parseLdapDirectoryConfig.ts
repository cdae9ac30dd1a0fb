import { readFileSync } from 'node:fs'
import { ConfigError } from '../../errors/ConfigError.js'
import type { LdapAttributeMap, LdapDirectoryConfig } from './LdapDirectoryConfig.js'

const KEYS = new Set(['id', 'label', 'kind', 'url', 'bindDn', 'bindPasswordEnv', 'baseDn', 'loginAttribute', 'attributes',
  'startTls', 'caFile', 'connectTimeoutMs', 'timeoutMs', 'poolSize', 'maxBinds', 'pageSize'])
const FIELDS = ['uid', 'nom', 'prenom', 'dateNaissance', 'codePostal', 'profiles', 'uai', 'jointure', 'children'] as const
// Attribute names go into filters unescaped, so only names (RFC 4512 descr) or OIDs are allowed.
const ATTRIBUTE = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)$/

function text (v: unknown, where: string, required: true): string
function text (v: unknown, where: string, required: false): string | undefined
function text (v: unknown, where: string, required: boolean): string | undefined {
  if (v === undefined && !required) return undefined
  if (typeof v !== 'string' || v.trim() === '') throw new ConfigError(`${where}: chaîne non vide attendue`)
  return v.trim()
}

function attributeName (v: unknown, where: string): string {
  const name = text(v, where, true)
  if (!ATTRIBUTE.test(name)) throw new ConfigError(`${where}: nom d'attribut LDAP invalide "${name}"`)
  return name
}

function positiveInt (v: unknown, where: string, fallback: number): number {
  if (v === undefined) return fallback
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new ConfigError(`${where}: entier positif attendu`)
  return v
}

function urls (v: unknown, where: string): string[] {
  const list = typeof v === 'string' ? [v] : v
  if (!Array.isArray(list) || list.length === 0) throw new ConfigError(`${where}: URL ldap:// ou ldaps://, ou liste non vide d'URL, attendue`)
  return list.map((u, i) => {
    const at = Array.isArray(v) ? `${where}[${i}]` : where
    let url: URL
    try { url = new URL(text(u, at, true)) } catch (err) {
      if (err instanceof ConfigError) throw err
      throw new ConfigError(`${at}: URL invalide "${String(u)}"`)
    }
    if ((url.protocol !== 'ldap:' && url.protocol !== 'ldaps:') || url.hostname === '') {
      throw new ConfigError(`${at}: URL ldap://hôte:port ou ldaps://hôte:port attendue, et non "${String(u)}"`)
    }
    return `${url.protocol}//${url.host}`
  })
}

function attributeMap (v: unknown, where: string, loginAttribute: string): LdapAttributeMap {
  if (v === undefined) return { uid: loginAttribute }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConfigError(`${where}: objet attendu`)
  const raw = v as Record<string, unknown>
  for (const key of Object.keys(raw)) {
    if (!(FIELDS as readonly string[]).includes(key)) throw new ConfigError(`${where}.${key}: champ inconnu (attendus : ${FIELDS.join(', ')})`)
  }
  const map: LdapAttributeMap = { uid: raw.uid === undefined ? loginAttribute : attributeName(raw.uid, `${where}.uid`) }
  for (const f of FIELDS) {
    if (f !== 'uid' && raw[f] !== undefined) map[f] = attributeName(raw[f], `${where}.${f}`)
  }
  return map
}

/**
 * Checks a directories.json entry of kind "ldap" and applies the defaults (connectTimeoutMs 3000,
 * timeoutMs 5000, poolSize 4, maxBinds 16, pageSize 500, uid read from loginAttribute). Throws ConfigError with
 * one French line naming the bad field, prefixed by where (e.g. config/directories.json[0]).
 */
export function parseLdapDirectoryConfig (entry: Record<string, unknown>, where: string, env: Record<string, string | undefined>): LdapDirectoryConfig {
  for (const key of Object.keys(entry)) {
    if (!KEYS.has(key)) throw new ConfigError(`${where}.${key}: champ inconnu pour un annuaire LDAP`)
  }
  const id = text(entry.id, `${where}.id`, true)
  const label = text(entry.label, `${where}.label`, true)
  const urlList = urls(entry.url, `${where}.url`)
  const bindDn = text(entry.bindDn, `${where}.bindDn`, true)
  const passwordEnv = text(entry.bindPasswordEnv, `${where}.bindPasswordEnv`, true)
  const bindPassword = env[passwordEnv]
  if (bindPassword === undefined || bindPassword === '') {
    throw new ConfigError(`${where}.bindPasswordEnv: la variable d'environnement ${passwordEnv} (mot de passe du compte de service) n'est pas définie`)
  }
  const baseDn = text(entry.baseDn, `${where}.baseDn`, true)
  const loginAttribute = entry.loginAttribute === undefined ? 'uid' : attributeName(entry.loginAttribute, `${where}.loginAttribute`)
  if (entry.startTls !== undefined && typeof entry.startTls !== 'boolean') throw new ConfigError(`${where}.startTls: true ou false attendu`)
  const startTls = entry.startTls === true
  if (startTls && urlList.some((u) => u.startsWith('ldaps:'))) {
    throw new ConfigError(`${where}.startTls: inutile avec une URL ldaps:// (choisir l'un ou l'autre)`)
  }
  const caFile = text(entry.caFile, `${where}.caFile`, false)
  let ca: string | undefined
  if (caFile !== undefined) {
    try { ca = readFileSync(caFile, 'utf8') } catch (err) {
      throw new ConfigError(`${where}.caFile: fichier illisible "${caFile}" (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
    }
  }
  const config: LdapDirectoryConfig = {
    id,
    label,
    urls: urlList,
    bindDn,
    bindPassword,
    baseDn,
    loginAttribute,
    attributes: attributeMap(entry.attributes, `${where}.attributes`, loginAttribute),
    startTls,
    connectTimeoutMs: positiveInt(entry.connectTimeoutMs, `${where}.connectTimeoutMs`, 3000),
    timeoutMs: positiveInt(entry.timeoutMs, `${where}.timeoutMs`, 5000),
    poolSize: positiveInt(entry.poolSize, `${where}.poolSize`, 4),
    maxBinds: positiveInt(entry.maxBinds, `${where}.maxBinds`, 16),
    pageSize: positiveInt(entry.pageSize, `${where}.pageSize`, 500)
  }
  if (ca !== undefined) config.ca = ca
  return config
}
