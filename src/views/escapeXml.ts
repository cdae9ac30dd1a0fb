// Characters XML 1.0 cannot carry at all (controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD.
// eslint-disable-next-line no-control-regex
const INVALID = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u
// eslint-disable-next-line no-control-regex
const INVALID_ALL = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu
const SPECIAL = /[&<>\r]/
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' }

/**
 * Text content made safe for XML: markup characters escaped, a carriage return as a character
 * reference (a parser would turn a raw one into a line feed), invalid characters replaced. Most
 * values need none of it, and are returned as they are after two quick tests.
 */
export function escapeXml (text: string): string {
  let s = text
  if (INVALID.test(s)) s = s.replace(INVALID_ALL, '\ufffd')
  if (!SPECIAL.test(s)) return s
  return s.replace(/[&<>\r]/g, (c) => ENTITIES[c] as string)
}
