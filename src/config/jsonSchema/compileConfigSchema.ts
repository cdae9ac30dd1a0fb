import { Ajv, type SchemaObject } from 'ajv'
import { ConfigError } from '../../errors/ConfigError.js'
import type { Infer } from './Infer.js'
import { schemaErrorLine } from './schemaErrorLine.js'

/**
 * One Ajv for every configuration file. Ajv is the validator Fastify itself compiles route
 * schemas with (so no new code is shipped); strict mode refuses a misspelt keyword in a schema
 * of ours at start-up instead of ignoring it; allErrors is off, so validation stops at the first
 * error and the operator reads one line; useDefaults fills in each `default`, the one place
 * defaults are written; discriminator picks the schema of a directory entry by its `kind`.
 * Annotations of ours: `expected`, what a good value is in French words, for the error line;
 * `defaultText` and `acceptsText`, English words for the documentation's key tables when the
 * schema alone would render badly (a default that is a rule, a long pattern).
 */
const ajv = new Ajv({ strict: true, allErrors: false, useDefaults: true, verbose: true, discriminator: true })
ajv.addVocabulary(['expected', 'defaultText', 'acceptsText'])

export interface ConfigSchemaOptions {
  /** The document is an array of entries, named in errors by their index and this key (`id`, `uid`). */
  readonly entriesBy?: string
  /** For a single entry: the key that names it in errors. */
  readonly idKey?: string
}

/**
 * Compiles a configuration schema once; the returned function checks a parsed document (a copy:
 * defaults are filled in there, never in what the caller holds) and throws a ConfigError with
 * one French line naming `source`, the entry and the key at the first error.
 */
export function compileConfigSchema<const S extends SchemaObject> (schema: S, options: ConfigSchemaOptions = {}): (data: unknown, source: string) => Infer<S> {
  const validate = ajv.compile(schema)
  return (data, source) => {
    const copy: unknown = structuredClone(data)
    if (validate(copy)) return copy as Infer<S>
    throw new ConfigError(schemaErrorLine(validate.errors ?? [], data, source, options))
  }
}
