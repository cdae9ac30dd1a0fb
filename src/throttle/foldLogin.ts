/**
 * A login as throttling counts it: every spelling a directory could take for the same entry gives
 * the same key.
 *
 * Counting happens before the directory is asked (so that parallel attempts cannot all pass, and a
 * throttled login costs the directory nothing), so the entry the directory would find is not known
 * yet. Instead the fold is coarser than any directory's match rule: compatibility decomposition,
 * combining marks dropped, case folded both ways, spaces squeezed. OpenLDAP's caseIgnoreMatch finds
 * lea.martin's entry for `lea.martİn` (U+0130), `LEA.MARTIN` or `ｌea.martin`; all fold to
 * `lea.martin` here. A coarser fold only makes two logins share a count (`léa` and `lea`), which
 * costs nothing against an attacker who could target either anyway; a finer one would let one
 * spelling escape another's count.
 */
export function foldLogin (login: string): string {
  const bare = (s: string): string => s.normalize('NFKD').replace(/\p{M}/gu, '')
  return bare(bare(login).toUpperCase().toLowerCase()).replace(/\s+/gu, ' ').trim()
}
