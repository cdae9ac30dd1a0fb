import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { loadAdmins } from '../../../src/config/loadAdmins.js'
import { parseDirectories } from '../../../src/config/loadDirectories.js'
import { parseLdapDirectoryConfig } from '../../../src/directory/ldap/parseLdapDirectoryConfig.js'
import { ldapDirectorySchema } from '../../../src/directory/ldap/ldapDirectorySchema.js'
import { parseServices } from '../../../src/services/parseServices.js'

const service = { id: 'pronote-0340000x', name: 'PRONOTE', serviceId: 'https://0340000x.index-education.net/pronote/**' }
const ldap = { id: 'aten', label: 'Élève ou parent', kind: 'ldap', url: 'ldaps://ldap.ac-x.fr', bindDn: 'cn=cas', bindPasswordEnv: 'ATEN_BIND_PASSWORD', baseDn: 'ou=people' }
const env = { ATEN_BIND_PASSWORD: 's3cret' }

/** The message of the ConfigError fn throws. */
function refusal (fn: () => unknown): string {
  try { fn() } catch (err) {
    if ((err as Error).name === 'ConfigError') return (err as Error).message
    throw err
  }
  throw new Error('accepted')
}

async function directoriesRefusal (data: unknown): Promise<string> {
  try { await parseDirectories(data, 'directories.json', env, { warn: () => {} }) } catch (err) {
    if ((err as Error).name === 'ConfigError') return (err as Error).message
    throw err
  }
  throw new Error('accepted')
}

function adminsRefusal (content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sesame-admins-')), 'admins.json')
  writeFileSync(path, JSON.stringify(content))
  return refusal(() => loadAdmins(path)).replace(path, 'admins.json')
}

t.test('an unknown key is refused with "clé inconnue", naming the file, the entry with its id, and the key', async (t) => {
  t.equal(refusal(() => parseServices([service, { ...service, id: 'ent', colour: 'blue' }], 'services.json')),
    'services.json[1].colour (id "ent"): clé inconnue (attendu : id, name, description, serviceId, pronoteUrl, uai, access, attributeRelease, pronoteIdAttribute, userAttribute, attributeStyle, singleLogout, proxy, evaluationOrder, group, launchUrl, portal, demo)')
  t.equal(await directoriesRefusal([{ ...ldap, attributes: { surname: 'sn' } }]),
    'directories.json[0].attributes.surname (id "aten"): clé inconnue (attendu : uid, nom, prenom, dateNaissance, codePostal, profiles, uai, jointure, children)')
  t.equal(adminsRefusal([{ uid: 'ops', establishments: '*', role: 'x' }]), 'ADMINS_FILE: admins.json[0].role (uid "ops"): clé inconnue (attendu : uid, establishments)')
})

t.test('a misspelt key is named, with the key it resembles, rather than the key it leaves missing', async (t) => {
  const { bindPasswordEnv, ...rest } = ldap
  void bindPasswordEnv
  t.equal(await directoriesRefusal([{ ...rest, bindPaswordEnv: 'ATEN_BIND_PASSWORD' }]), 'directories.json[0].bindPaswordEnv (id "aten"): clé inconnue (« bindPasswordEnv » ?)')
  t.equal(refusal(() => parseServices([{ ...service, singleLogOut: true }], 'services.json')), 'services.json[0].singleLogOut (id "pronote-0340000x"): clé inconnue (« singleLogout » ?)')
})

t.test('a value outside an enum is refused with the allowed values listed', async (t) => {
  t.equal(refusal(() => parseServices([{ ...service, access: ['eleve', 'eleves'] }], 'services.json')),
    'services.json[0].access[1] (id "pronote-0340000x"): valeur "eleves" inconnue (attendu : eleve, parent, enseignant, non-enseignant, autre)')
  t.equal(refusal(() => parseServices([{ ...service, userAttribute: 'mail' }], 'services.json')),
    'services.json[0].userAttribute (id "pronote-0340000x"): valeur "mail" inconnue (attendu : uid, jointure)')
  t.equal(await directoriesRefusal([{ ...ldap, kind: 'sql' }]), 'directories.json[0].kind (id "aten"): valeur "sql" inconnue (attendu : ldap, file)')
})

t.test('a value of the wrong type is refused naming the expected type and what was found', async (t) => {
  t.equal(refusal(() => parseServices([{ ...service, singleLogout: 'yes' }], 'services.json')), 'services.json[0].singleLogout (id "pronote-0340000x"): true ou false attendu (reçu "yes")')
  t.equal(refusal(() => parseServices([{ ...service, evaluationOrder: '10' }], 'services.json')), 'services.json[0].evaluationOrder (id "pronote-0340000x"): nombre entier attendu (reçu "10")')
  t.equal(refusal(() => parseServices([{ ...service, access: 'eleve' }], 'services.json')), 'services.json[0].access (id "pronote-0340000x"): tableau attendu (reçu "eleve")')
  t.equal(refusal(() => parseServices([service, 'ent'], 'services.json')), 'services.json[1]: objet attendu (reçu "ent")')
  t.equal(refusal(() => parseServices({ services: [] }, 'services.json')), 'services.json: tableau attendu (reçu un objet)')
})

t.test('a pattern or a limit is refused with its meaning in words, from the schema', async (t) => {
  t.equal(refusal(() => parseServices([{ ...service, uai: '034' }], 'services.json')), 'services.json[0].uai (id "pronote-0340000x"): "034" invalide (attendu : 7 chiffres et une lettre, ex. 0340000X)')
  t.equal(refusal(() => parseLdapDirectoryConfig({ ...ldap, poolSize: 0 }, 'directories.json[0]', env)), 'directories.json[0].poolSize (id "aten"): 0 invalide (attendu : nombre entier positif)')
  t.equal(refusal(() => parseServices([{ ...service, description: 'x'.repeat(201) }], 'services.json')),
    `services.json[0].description (id "pronote-0340000x"): "${'x'.repeat(60)}…" invalide (attendu : texte non vide de 200 caractères au plus)`)
  t.equal(refusal(() => parseServices([{ ...service, name: undefined }], 'services.json')), 'services.json[0].name (id "pronote-0340000x"): nom obligatoire (texte non vide)')
})

t.test('only the first error is reported, as one line, in the order of the schema', async (t) => {
  const message = refusal(() => parseServices([{ ...service, name: 5, uai: '034', access: [] }], 'services.json'))
  t.equal(message, 'services.json[0].name (id "pronote-0340000x"): texte attendu (reçu 5)')
  t.notOk(message.includes('\n'))
})

t.test('the entry is named by its index alone when its id is missing or is the key at fault', async (t) => {
  t.equal(refusal(() => parseServices([{ name: 'P', serviceId: 'https://a/**' }], 'services.json')), 'services.json[0].id: identifiant obligatoire ([A-Za-z0-9._-], 64 caractères au plus)')
  t.equal(refusal(() => parseServices([{ ...service, id: 'a b' }], 'services.json')), 'services.json[0].id: "a b" invalide (attendu : [A-Za-z0-9._-], 64 caractères au plus)')
  t.equal(refusal(() => parseServices([{ ...service, id: 'x"y', name: 7 }], 'services.json')).startsWith('services.json[0].id: '), true, 'an id that cannot be quoted plainly is its own error first')
})

t.test('an error in one branch of a union is reported where it is, not as the whole union', async (t) => {
  t.equal(await directoriesRefusal([{ ...ldap, url: ['ldap://a:389', 'http://b:389'] }]), 'directories.json[0].url[1] (id "aten"): "http://b:389" invalide (attendu : URL ldap://hôte:port ou ldaps://hôte:port)')
  t.equal(await directoriesRefusal([{ ...ldap, url: 389 }]), 'directories.json[0].url (id "aten"): 389 invalide (attendu : URL ldap:// ou ldaps://, ou tableau non vide de telles URL)')
})

t.test('defaults come from the schema, and are filled in a copy, never in what the caller holds', async (t) => {
  const entry = { ...ldap }
  const config = parseLdapDirectoryConfig(entry, 'directories.json[0]', env)
  for (const key of ['connectTimeoutMs', 'timeoutMs', 'poolSize', 'maxBinds', 'pageSize', 'startTls', 'loginAttribute'] as const) {
    t.equal(config[key], ldapDirectorySchema.properties[key].default, key)
  }
  t.same(entry, ldap, 'the entry given is left as it was')
  const definition = { ...service }
  parseServices([definition], 'console')
  t.same(definition, service)
})
