import type { FastifySchema } from 'fastify'
import { IDPN_PATTERN, UAI_PATTERN } from '../../pronote/identifiers.js'
import type { PronoteCategory } from '../../pronote/LinkStore.js'

/*
 * The schemas of the admin API, compiled by Fastify with strictValidatorCompiler (no coercion: a
 * JSON body says exactly what it holds). A refusal names its field; params.ts turns the field into
 * the API's French message and stable code.
 */

const UAI = { type: 'string', pattern: UAI_PATTERN } as const
const IDPN = { type: 'string', pattern: IDPN_PATTERN } as const
/** A yes/no query flag: true, 1 and an empty value say yes; false and 0 say no. */
const FLAG = { enum: ['true', '1', '', 'false', '0'] } as const

/** Routes of one establishment. */
export const ESTABLISHMENT_SCHEMA: FastifySchema = {
  params: { type: 'object', required: ['uai'], properties: { uai: UAI } }
}

/** The link of one IDPN. */
export const LINK_SCHEMA: FastifySchema = {
  params: { type: 'object', required: ['uai', 'idpn'], properties: { uai: UAI, idpn: IDPN } }
}

/** PUT …/links/:idpn */
export interface LinkBody { uid: string, category: PronoteCategory, move?: boolean }

export const LINK_PUT_SCHEMA: FastifySchema = {
  ...LINK_SCHEMA,
  body: {
    type: 'object',
    required: ['uid', 'category'],
    properties: {
      // Not blank: a uid of spaces names nobody.
      uid: { type: 'string', maxLength: 256, pattern: '\\S' },
      category: { enum: [1, 2, 3, 4] },
      move: { type: 'boolean' }
    }
  }
}

/** POST …/imports: the export is the raw body, streamed to the parser, so only the query has a schema. */
export interface ImportQuery { mode: 'full' | 'partial', dryRun?: string, force?: string }

export const IMPORT_SCHEMA: FastifySchema = {
  ...ESTABLISHMENT_SCHEMA,
  querystring: {
    type: 'object',
    required: ['mode'],
    properties: { mode: { enum: ['full', 'partial'] }, dryRun: FLAG, force: FLAG }
  }
}
