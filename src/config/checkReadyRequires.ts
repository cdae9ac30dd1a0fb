import type { Directory } from '../directory/Directory.js'
import { ConfigError } from '../errors/ConfigError.js'

const KEYWORDS = new Set(['redis', 'any-directory', 'all-directories'])

/** READY_REQUIRES may only name directories that directories.json declares. */
export function checkReadyRequires (requires: readonly string[], directories: readonly Directory[]): void {
  for (const r of requires) {
    if (KEYWORDS.has(r) || directories.some((d) => d.id === r)) continue
    throw new ConfigError(`READY_REQUIRES: "${r}" n'est ni redis, ni any-directory, ni all-directories, ni un annuaire de directories.json (${directories.map((d) => d.id).join(', ')})`)
  }
}
