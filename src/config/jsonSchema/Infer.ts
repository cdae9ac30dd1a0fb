/**
 * The TypeScript type of the values a JSON Schema (written `as const`) accepts, for the subset
 * the configuration schemas use: const, enum, anyOf/oneOf, string, integer, number, boolean,
 * array, object. A property is optional unless `required` names it or it has a `default` (Ajv's
 * useDefaults fills it in). So the parsed entries are typed by the schema that checks them.
 * Plain `as const` objects rather than TypeBox: they are the JSON Schema text itself, read as
 * such by the key-table renderer and by Ajv, and this one type gives what TypeBox's Static would,
 * without a dependency added for types alone.
 */
export type Infer<S> =
  S extends { readonly const: infer C } ? C
    : S extends { readonly enum: ReadonlyArray<infer E> } ? E
      : S extends { readonly anyOf: ReadonlyArray<infer A> } ? Infer<A>
        : S extends { readonly oneOf: ReadonlyArray<infer A> } ? Infer<A>
          : S extends { readonly type: 'string' } ? string
            : S extends { readonly type: 'integer' | 'number' } ? number
              : S extends { readonly type: 'boolean' } ? boolean
                : S extends { readonly type: 'array', readonly items: infer I } ? Array<Infer<I>>
                  : S extends { readonly type: 'object', readonly properties: infer P } ? InferObject<P, RequiredOf<S> | DefaultedOf<P>>
                    : unknown

type RequiredOf<S> = S extends { readonly required: ReadonlyArray<infer R> } ? R : never
type DefaultedOf<P> = { [K in keyof P]: P[K] extends { readonly default: unknown } ? K : never }[keyof P]
type InferObject<P, Present> = Flat<{ [K in keyof P as K extends Present ? K : never]: Infer<P[K]> } & { [K in keyof P as K extends Present ? never : K]?: Infer<P[K]> }>
type Flat<T> = { [K in keyof T]: T[K] }
