import { foldName } from './foldName.js'

/** Root of the container in which Index Éducation encrypts an export for its ENT partners. */
export const ENVELOPE_ROOT = 'EXPORT_INDEX_EDUCATION'

/**
 * The roots an export may have, compared case- and accent-insensitively: the container, and the
 * plain export's own root as the published shape names it. Any other root (an SVG, another
 * software's export) is refused before a single entry is read, with its name: a real export
 * under another name is one line to add here (and in README.md).
 */
export const EXPORT_ROOTS: readonly string[] = [ENVELOPE_ROOT, 'IdentifiantsPRONOTE']

const FOLDED = new Set(EXPORT_ROOTS.map((r) => foldName(r)))

const local = (name: string): string => name.slice(name.lastIndexOf(':') + 1)

/** Whether an element name is one of EXPORT_ROOTS. */
export function isExportRoot (name: string): boolean {
  return FOLDED.has(foldName(local(name)))
}

export function isEnvelopeRoot (name: string): boolean {
  return foldName(local(name)) === foldName(ENVELOPE_ROOT)
}
