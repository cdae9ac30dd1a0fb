import { ACCESS_GROUPS } from './RegisteredService.js'

const NOT_BLANK = '\\S'

/**
 * One entry of services.json: its keys, their types, limits and static defaults. `title` and
 * `expected` word the French error lines, `description` and `defaultText` the table of
 * docs/configuration.md. What a schema cannot say stays in parseServices: patterns compiled,
 * the PRONOTE preset, serviceId or pronoteUrl (one of them), a launchUrl its own pattern accepts,
 * the portal rule, unique ids.
 */
export const serviceEntrySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name'],
  properties: {
    id: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,64}$', title: 'identifiant', expected: '[A-Za-z0-9._-], 64 caractères au plus', description: 'identifier, `[A-Za-z0-9._-]`, 64 characters at most; appears in the audit log' },
    name: { type: 'string', pattern: NOT_BLANK, title: 'nom', expected: 'texte non vide', description: 'what people read on the "Accès refusé" and `warn` pages, and on the service\'s tile' },
    description: { type: 'string', pattern: NOT_BLANK, maxLength: 200, title: 'description', expected: 'texte non vide de 200 caractères au plus', description: 'one line under the tile\'s name, 200 characters at most' },
    serviceId: { type: 'string', minLength: 1, title: 'motif d\'URL', defaultText: 'required, unless `pronoteUrl`', description: 'the URL pattern: Ant style, or a regular expression when it starts with `^` ([URL patterns](#url-patterns))' },
    pronoteUrl: { type: 'string', minLength: 1, title: 'URL de PRONOTE', description: 'PRONOTE preset, instead of `serviceId`: the server\'s base URL (`https://0340000x.index-education.net/pronote/`, https) gives the pattern `…/pronote/**` and `attributeRelease: pronote`' },
    uai: { type: 'string', pattern: '^\\d{7}[A-Za-z]$', title: 'UAI', expected: '7 chiffres et une lettre, ex. 0340000X', acceptsText: 'UAI: 7 digits and a letter', description: 'the establishment (7 digits and a letter): only its people get tickets, and its PRONOTE identifiers are released' },
    access: {
      type: 'array',
      minItems: 1,
      items: { type: 'string', enum: ACCESS_GROUPS },
      default: ACCESS_GROUPS,
      defaultText: 'every group',
      title: 'accès population',
      expected: `tableau non vide parmi ${ACCESS_GROUPS.join(', ')}`,
      description: '"Accès population": the profiles that may get tickets ([pronote.md](pronote.md#profiles-access-groups-and-categories))'
    },
    attributeRelease: { type: 'string', enum: ['none', 'default', 'pronote'], title: 'attributs transmis', defaultText: '`none`; `pronote` with `pronoteUrl`', description: '`default`: `nom`, `prenom`, `ENTPersonProfils`, `ENTPersonStructRattachRNE`; `pronote`: the attributes of [pronote.md](pronote.md#attributes-released-to-pronote)' },
    pronoteIdAttribute: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_.-]{0,63}$', default: 'pronoteId', title: 'attribut de l\'identifiant PRONOTE', expected: 'nom d\'élément XML : une lettre ou _, puis lettres, chiffres, . _ -, 64 caractères au plus', description: 'the attribute name the school typed in PRONOTE\'s CAS settings' },
    userAttribute: { type: 'string', enum: ['uid', 'jointure'], default: 'uid', title: 'attribut de cas:user', description: 'what `cas:user` is: the uid, or the joining key (the uid when the person has none)' },
    attributeStyle: { type: 'string', enum: ['standard', 'both'], default: 'standard', title: 'présentation des attributs', description: '`both` also repeats released attributes as children of `cas:authenticationSuccess` ([protocol.md](protocol.md#validation-answers))' },
    singleLogout: { type: 'boolean', default: false, title: 'déconnexion unique', description: 'send back-channel logout requests to this service' },
    proxy: {
      type: 'object',
      additionalProperties: false,
      required: ['callbackPattern'],
      properties: {
        callbackPattern: { type: 'string', minLength: 1, title: 'motif d\'URL de rappel', description: 'where this service may receive proxy-granting tickets (a URL pattern); without `proxy`, `pgtUrl` is refused' }
      },
      title: 'mandataire',
      description: 'proxying'
    },
    evaluationOrder: { type: 'integer', default: 0, title: 'ordre d\'évaluation', description: 'lower is tried first' },
    group: { type: 'string', pattern: NOT_BLANK, maxLength: 64, title: 'regroupement', expected: 'texte non vide de 64 caractères au plus', defaultText: '`Scolarité` for PRONOTE, `Applications` otherwise', description: 'the heading the service\'s tile sits under on "Mes services"' },
    launchUrl: { type: 'string', minLength: 1, title: 'URL de la tuile', description: 'where the tile points (through `/login?service=`); must match the service\'s own pattern. A PRONOTE service needs none: its tile opens the space that fits the person' },
    portal: { type: 'boolean', title: 'sur le portail', defaultText: '`true` when a tile can be drawn', description: '`false` keeps the service off "Mes services"; `true` needs a `launchUrl` unless the service is a PRONOTE one' },
    demo: { type: 'boolean', default: false, title: 'démonstration', description: '`true` marks demonstration material: an https or production start refuses it unless `SESAME_DEMO=1`' }
  }
} as const

/** services.json: an array of entries. */
export const servicesFileSchema = { type: 'array', items: serviceEntrySchema, title: 'services', description: 'services.json' } as const
