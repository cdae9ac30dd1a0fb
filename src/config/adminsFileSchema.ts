const UAI = { type: 'string', pattern: '^\\d{7}[A-Za-z]$', expected: 'UAI, 7 chiffres et une lettre, ex. 0340000X', acceptsText: 'UAI (7 digits and a letter)' } as const

/** ADMINS_FILE: who may use the admin console, and on which establishments. */
export const adminsFileSchema = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['uid', 'establishments'],
    properties: {
      uid: { type: 'string', pattern: '\\S', title: 'identifiant', expected: 'texte non vide', description: 'the admin\'s uid, as they sign in through Sésame' },
      establishments: {
        anyOf: [{ const: '*' }, { type: 'array', minItems: 1, items: UAI }],
        title: 'liste des établissements',
        expected: '"*" ou une liste non vide d\'UAI (ex. ["0340000X"])',
        description: '`"*"` for every establishment, or a list of UAIs'
      }
    }
  }
} as const
