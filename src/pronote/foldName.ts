const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', đ: 'd', ł: 'l' }

/**
 * A name reduced for comparison: case, accents, ligatures, hyphens, apostrophes, spaces and any
 * other punctuation are folded away, so that "N'GUYEN-ROUX" and "nguyen roux", or "Élodie" and
 * "ELODIE", compare equal (PRONOTE and the directories do not write names the same way).
 */
export function foldName (name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[œæßøđł]/g, (c) => LIGATURES[c] ?? c)
    .replace(/[^\p{L}\p{N}]/gu, '')
    .normalize('NFC')
}
