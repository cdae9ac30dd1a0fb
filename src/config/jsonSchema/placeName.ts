/**
 * Names a place in a configuration document the way every configuration error starts:
 * `services.json[3].access[1] (id "pronote-0340000x")`. `where` names the entry
 * (`services.json[3]`), `keys` the path inside it; the entry's own identifier (its `idKey`) is
 * added when it is a plain string, since counting to the 40th entry of a file is no one's job,
 * and left out when the error is about the identifier itself. The identifier comes after the key
 * path so that `console[0].launchUrl …:` still names the form field the console shows it next to.
 */
export function placeName (where: string, entry: unknown, idKey: string | undefined, keys: ReadonlyArray<string | number> = []): string {
  const path = keys.map((k) => typeof k === 'number' ? `[${k}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`).join('')
  const id = idKey === undefined || keys[0] === idKey ? undefined : idOf(entry, idKey)
  return id === undefined ? `${where}${path}` : `${where}${path} (${idKey} ${JSON.stringify(id)})`
}

function idOf (entry: unknown, idKey: string): string | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined
  const id = (entry as Record<string, unknown>)[idKey]
  return typeof id === 'string' && /^[^\p{Cc}"]{1,64}$/u.test(id) ? id : undefined
}
