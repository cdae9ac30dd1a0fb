import t from 'tap'
import { createLdapDirectory } from '../../src/directory/ldap/createLdapDirectory.js'
import { parseLdapDirectoryConfig } from '../../src/directory/ldap/parseLdapDirectoryConfig.js'

const where = 'config/directories.json[0]'
const env = { ATEN_BIND_PASSWORD: 's3cret' }
const valid = {
  id: 'aten', label: 'Élève ou parent', kind: 'ldap',
  url: ['ldap://ldap1:389', 'ldap://ldap2:389'], bindDn: 'cn=cas,ou=system,dc=ac-x,dc=fr',
  bindPasswordEnv: 'ATEN_BIND_PASSWORD', baseDn: 'ou=people,dc=ac-x,dc=fr', loginAttribute: 'uid',
  attributes: { uid: 'uid', nom: 'sn', prenom: 'givenName', dateNaissance: 'ENTPersonDateNaissance', codePostal: 'postalCode',
    profiles: 'ENTPersonProfils', uai: 'ENTPersonStructRattachRNE', jointure: 'ENTPersonJointure', children: 'ENTAuxPersRelEleveEleve' }
}

t.test('the example entry of docs/configuration.md is accepted, with documented defaults', async (t) => {
  const config = parseLdapDirectoryConfig(valid, where, env)
  t.match(config, { id: 'aten', urls: ['ldap://ldap1:389', 'ldap://ldap2:389'], bindPassword: 's3cret', startTls: false, connectTimeoutMs: 3000, timeoutMs: 5000, poolSize: 4, maxBinds: 16, pageSize: 500 })
  const d = createLdapDirectory(valid, where, env, { warn: () => {} })
  t.equal(d.id, 'aten')
  t.equal(d.label, 'Élève ou parent')
  await d.close()
})

t.test('a single URL may be a string; uid defaults to the login attribute', async (t) => {
  const { attributes, ...rest } = valid
  void attributes
  const config = parseLdapDirectoryConfig({ ...rest, url: 'ldaps://ldap.ac-x.fr', loginAttribute: 'ENTPersonLogin' }, where, env)
  t.same(config.urls, ['ldaps://ldap.ac-x.fr'])
  t.same(config.attributes, { uid: 'ENTPersonLogin' })
})

const bad: Array<[string, Record<string, unknown>, Record<string, string | undefined>, RegExp]> = [
  ['a missing url', { url: undefined }, env, /^config\/directories\.json\[0\]\.url \(id "aten"\): /],
  ['an empty url list', { url: [] }, env, /\.url \(id "aten"\): /],
  ['a url that is not ldap:// or ldaps://', { url: ['ldap://ok:389', 'http://ldap:389'] }, env, /\.url\[1\] \(id "aten"\): .*"http:\/\/ldap:389"/],
  ['a missing bindDn', { bindDn: undefined }, env, /\.bindDn \(id "aten"\): /],
  ['a missing baseDn', { baseDn: '' }, env, /\.baseDn \(id "aten"\): /],
  ['a missing bindPasswordEnv', { bindPasswordEnv: undefined }, env, /\.bindPasswordEnv \(id "aten"\): /],
  ['an unset password variable', {}, {}, /\.bindPasswordEnv \(id "aten"\): .*ATEN_BIND_PASSWORD/],
  ['a login attribute that could inject a filter', { loginAttribute: 'uid)(objectClass=*' }, env, /\.loginAttribute \(id "aten"\): /],
  ['an attribute map with an unknown field', { attributes: { uid: 'uid', surname: 'sn' } }, env, /\.attributes\.surname \(id "aten"\): /],
  ['an attribute map with a bad name', { attributes: { uid: 'uid', uai: 'RNE*' } }, env, /\.attributes\.uai \(id "aten"\): /],
  ['startTls with an ldaps:// URL', { url: 'ldaps://x', startTls: true }, env, /\.startTls \(id "aten"\): /],
  ['startTls that is not a boolean', { startTls: 'yes' }, env, /\.startTls \(id "aten"\): /],
  ['an unreadable caFile', { caFile: '/nonexistent/ca.pem' }, env, /\.caFile \(id "aten"\): .*\/nonexistent\/ca\.pem/],
  ['a timeout that is not a positive integer', { timeoutMs: -1 }, env, /\.timeoutMs \(id "aten"\): /],
  ['a connect timeout that is not a number', { connectTimeoutMs: '3000' }, env, /\.connectTimeoutMs \(id "aten"\): /],
  ['an unknown (misspelt) field', { bindPaswordEnv: 'X' }, env, /\.bindPaswordEnv \(id "aten"\): /]
]
for (const [what, change, environment, message] of bad) {
  t.test(`${what} stops the start with a ConfigError naming the field`, async (t) => {
    t.throws(() => createLdapDirectory({ ...valid, ...change }, where, environment, { warn: () => {} }), { name: 'ConfigError', message })
  })
}
