import { ConfigError } from '../errors/ConfigError.js'

/**
 * JSON.parse for configuration files: a syntax error names the file, the line and the column,
 * which an operator needs in a 300-line services.json. V8 gives no offset for an unexpected token
 * (and quotes the text, which may hold password hashes), so on error the text is scanned again
 * by firstSyntaxError to find where it goes wrong.
 */
export function parseJsonFile (text: string, path: string): unknown {
  try {
    return JSON.parse(text)
  } catch (err) {
    const found = firstSyntaxError(text)
    const offset = found?.offset ?? text.length
    const before = text.slice(0, offset)
    const line = before.split('\n').length
    const column = offset - before.lastIndexOf('\n')
    const reason = found?.reason ?? (err as Error).message.replace(/ in JSON at position \d+.*$/, '')
    throw new ConfigError(`${path}: JSON invalide ligne ${line}, colonne ${column} (${reason})`)
  }
}

class Stop extends Error {
  constructor (readonly offset: number, readonly reason: string) { super(reason) }
}

/** Where a JSON text first breaks the grammar (RFC 8259), and why, in French; undefined when it does not. */
export function firstSyntaxError (text: string): { offset: number, reason: string } | undefined {
  let i = 0
  const fail = (reason: string): never => { throw new Stop(i, i >= text.length ? 'fin du texte inattendue' : reason) }
  const space = (): void => { while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++ }
  const expect = (c: string): void => { if (text[i] !== c) fail(`« ${c} » attendu, « ${text[i]} » trouvé`); i++ }
  const string = (): void => {
    expect('"')
    while (text[i] !== '"') {
      if (i >= text.length) fail('chaîne non terminée')
      const c = text.charCodeAt(i)
      if (c < 0x20) fail('caractère de contrôle dans une chaîne')
      if (text[i] === '\\') {
        i++
        if (text[i] === 'u') { if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('échappement \\u invalide'); i += 5 } else if ('"\\/bfnrt'.includes(text[i] ?? 'x')) i++; else fail('échappement invalide')
      } else i++
    }
    i++
  }
  const value = (): void => {
    space()
    const c = text[i]
    if (c === '{') {
      i++; space()
      if (text[i] === '}') { i++; return }
      for (;;) {
        space(); if (text[i] !== '"') fail(`nom de propriété entre guillemets attendu, « ${text[i]} » trouvé`)
        string(); space(); expect(':'); value(); space()
        if (text[i] === ',') { i++; continue }
        if (text[i] === '}') { i++; return }
        fail(`« , » ou « } » attendu, « ${text[i]} » trouvé`)
      }
    } else if (c === '[') {
      i++; space()
      if (text[i] === ']') { i++; return }
      for (;;) {
        value(); space()
        if (text[i] === ',') { i++; continue }
        if (text[i] === ']') { i++; return }
        fail(`« , » ou « ] » attendu, « ${text[i]} » trouvé`)
      }
    } else if (c === '"') string()
    else {
      const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400))
      if (m === null) fail(`valeur attendue, « ${c} » trouvé`)
      i += (m as RegExpExecArray)[0].length
    }
  }
  try {
    value(); space()
    if (i < text.length) fail(`texte en trop après la valeur, « ${text[i]} » trouvé`)
    return undefined
  } catch (err) {
    if (err instanceof Stop) return { offset: err.offset, reason: err.reason }
    throw err
  }
}
