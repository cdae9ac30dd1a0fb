/** Attribute names go into LDAP filters unescaped, so only names (RFC 4512 descr) or OIDs are allowed. */
const ATTRIBUTE = { type: 'string', pattern: '^(?:[A-Za-z][A-Za-z0-9-]*|\\d+(?:\\.\\d+)+)$', expected: 'nom d\'attribut LDAP (lettres, chiffres et -, commençant par une lettre) ou OID', acceptsText: 'LDAP attribute name or OID' } as const
const NOT_BLANK = { type: 'string', pattern: '\\S', expected: 'texte non vide' } as const
const LDAP_URL = { type: 'string', pattern: '^ldaps?://[^/\\s]', expected: 'URL ldap://hôte:port ou ldaps://hôte:port', acceptsText: '`ldap://` or `ldaps://` URL' } as const
const POSITIVE = { type: 'integer', minimum: 1, expected: 'nombre entier positif' } as const

/** What every directories.json entry has, whatever its kind. */
export const directoryIdentity = {
  id: { type: 'string', pattern: '^[a-z0-9_-]{1,32}$', title: 'identifiant', expected: '[a-z0-9_-], 32 caractères au plus', description: 'identifier, `[a-z0-9_-]`, 32 characters at most; `?directory=<id>` on `/login` preselects it' },
  label: { ...NOT_BLANK, title: 'libellé', description: 'the choice people read on the sign-in page' }
} as const

/**
 * A directories.json entry of kind "ldap", with its defaults. What a schema cannot say stays in
 * parseLdapDirectoryConfig: the password read from the variable bindPasswordEnv names, the CA
 * file read, StartTLS refused beside ldaps://, uid read from loginAttribute unless mapped.
 */
export const ldapDirectorySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'label', 'kind', 'url', 'bindDn', 'bindPasswordEnv', 'baseDn'],
  properties: {
    ...directoryIdentity,
    kind: { const: 'ldap', title: 'type d\'annuaire', description: 'the kind of directory' },
    url: {
      anyOf: [LDAP_URL, { type: 'array', minItems: 1, items: LDAP_URL }],
      title: 'URL',
      expected: 'URL ldap:// ou ldaps://, ou tableau non vide de telles URL',
      description: 'one `ldap://` or `ldaps://` URL or a list; the next is tried when one does not answer, and the one that last worked is tried first'
    },
    bindDn: { ...NOT_BLANK, title: 'DN du compte de service', description: 'the service account that searches for people' },
    bindPasswordEnv: { ...NOT_BLANK, title: 'variable du mot de passe', description: 'the environment variable holding the service account\'s password' },
    baseDn: { ...NOT_BLANK, title: 'base de recherche', description: 'where people are searched' },
    loginAttribute: { ...ATTRIBUTE, default: 'uid', title: 'attribut de connexion', description: 'what people type as their login' },
    attributes: {
      type: 'object',
      additionalProperties: false,
      properties: {
        uid: { ...ATTRIBUTE, title: 'attribut uid', defaultText: '`loginAttribute`', description: 'the person\'s identifier' },
        nom: { ...ATTRIBUTE, title: 'attribut nom', description: 'last name' },
        prenom: { ...ATTRIBUTE, title: 'attribut prénom', description: 'first name' },
        dateNaissance: { ...ATTRIBUTE, title: 'attribut date de naissance', description: 'birth date: `DD/MM/YYYY`, `YYYY-MM-DD`, `YYYYMMDD` or LDAP generalized time' },
        codePostal: { ...ATTRIBUTE, title: 'attribut code postal', description: 'postal code' },
        profiles: { ...ATTRIBUTE, title: 'attribut profils', description: 'national profiles (`National_ELV`, …)' },
        uai: { ...ATTRIBUTE, title: 'attribut établissements', description: 'the person\'s establishments (UAIs)' },
        jointure: { ...ATTRIBUTE, title: 'attribut clé de jointure', description: 'the joining key' },
        children: { ...ATTRIBUTE, title: 'attribut enfants', description: 'a parent\'s children: their DNs (as in the SDET) or their uids' }
      },
      title: 'correspondance des attributs',
      description: 'the LDAP attribute behind each Sésame field'
    },
    startTls: { type: 'boolean', default: false, title: 'StartTLS', description: 'StartTLS on `ldap://` (not with `ldaps://`)' },
    caFile: { ...NOT_BLANK, title: 'fichier de l\'autorité de certification', defaultText: 'system CAs', description: 'PEM file of the CA that signed the server\'s certificate (`ldaps://` and StartTLS)' },
    connectTimeoutMs: { ...POSITIVE, default: 3000, title: 'délai de connexion', description: 'connection timeout, in milliseconds' },
    timeoutMs: { ...POSITIVE, default: 5000, title: 'délai d\'opération', description: 'operation timeout, in milliseconds' },
    poolSize: { ...POSITIVE, default: 4, title: 'taille du pool', description: 'service-account connections kept open' },
    maxBinds: { ...POSITIVE, default: 16, title: 'vérifications simultanées', description: 'password checks at once, each on its own connection; others wait their turn' },
    pageSize: { ...POSITIVE, default: 500, title: 'taille de page', description: 'page size of establishment searches' }
  }
} as const
