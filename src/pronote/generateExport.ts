import type { KeyObject } from 'node:crypto'
import type { Person } from '../directory/Person.js'
import { frenchDate } from '../directory/parseBirthDate.js'
import { encryptExport } from './encryptExport.js'

const SYLLABLES = ['ber', 'mar', 'tin', 'du', 'pont', 'le', 'fe', 'vre', 'ro', 'ux', 'gar', 'ci', 'a', 'mo', 'reau', 'lau', 'rent', 'si', 'mon', 'fa', 'bre', 'ga', 'ille', 'ra', 'nd']
const FIRST = ['Léa', 'Hugo', 'Emma', 'Lucas', 'Chloé', 'Louis', 'Inès', 'Jules', 'Manon', 'Gabriel', 'Zoé', 'Arthur', 'Camille', 'Noah', 'Anne-Sophie', 'Jean Baptiste', 'Élodie', 'Marc', 'Paul', 'Sarah']
const IDPN_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** mulberry32: a tiny deterministic PRNG, so that a seed always gives the same export. */
function prng (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

/** A synthetic export and the directory people it should match. */
export interface GeneratedExport {
  people: Person[]
  /** The XML, chunk by chunk (one entry per chunk). */
  xml: () => Generator<string>
  /** The same export as PRONOTE sends it to these ENT partners: encrypted for each, compressed. */
  encrypted: (partners: Array<{ name: string, publicKey: KeyObject }>) => string
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')

/**
 * About `entries` entries for one establishment, in realistic proportions (families of 1–3 pupils
 * and 1–2 parents, then ~6 % staff, four teachers for one other staff member), deterministic from
 * the seed. Names repeat enough to exercise homonyms; the directory writes names in other case.
 */
export function generateExport ({ entries, seed = 1, uai = '0340000X' }: { entries: number, seed?: number, uai?: string }): GeneratedExport {
  const random = prng(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const lastName = (): string => Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(SYLLABLES)).join('').toUpperCase()
  const date = (fromYear: number, years: number): string => new Date(Date.UTC(fromYear, 0, 1) + Math.floor(random() * years * 365) * 86_400_000).toISOString().slice(0, 10)
  let n = 0
  const idpn = (): string => { let s = ''; let v = ++n; for (let i = 0; i < 16; i++) { s = IDPN_CHARS[(v + i * 7 + seed) % 32] + s; v = Math.floor(v / 32) } return s }
  const people: Person[] = []
  const lines: string[] = []
  const person = (uid: string, nom: string, prenom: string, profile: string, dateNaissance?: string, children: string[] = []): void => {
    people.push({ uid, directoryId: 'bench', nom: nom.toLowerCase(), prenom: prenom.toUpperCase(), profiles: [profile], uais: [uai], children, ...(dateNaissance === undefined ? {} : { dateNaissance }) })
  }
  const staffCount = Math.round(entries * 0.06)
  while (lines.length < entries - staffCount) {
    const nom = lastName()
    const kids: Array<{ id: string, uid: string }> = []
    for (let k = 1 + Math.floor(random() * 3); k > 0; k--) {
      const prenom = pick(FIRST)
      const born = date(2007, 8)
      const uid = `e${people.length}`
      person(uid, nom, prenom, 'National_ELV', born)
      const id = idpn()
      kids.push({ id, uid })
      lines.push(`<Eleve IDPN="${id}" Nom="${esc(nom)}" Prenom="${esc(prenom)}" DateNaissance="${frenchDate(born)}" IdentifiantCAS=""/>`)
    }
    for (let p = 1 + Math.floor(random() * 2); p > 0; p--) {
      const prenom = pick(FIRST)
      person(`r${people.length}`, nom, prenom, 'National_TUT', undefined, kids.map((k) => k.uid))
      lines.push(`<Responsable IDPN="${idpn()}" Nom="${esc(nom)}" Prenom="${esc(prenom)}" IdentifiantCAS="">${kids.map((k) => `<Enfant IDPN="${k.id}"/>`).join('')}</Responsable>`)
    }
  }
  for (let s = 0; s < staffCount; s++) {
    const [nom, prenom, born, teacher] = [lastName(), pick(FIRST), date(1960, 40), s % 5 !== 0]
    person(`p${people.length}`, nom, prenom, teacher ? 'National_ENS' : 'National_EVS', born)
    lines.push(`<${teacher ? 'Professeur' : 'Personnel'} IDPN="${idpn()}" Nom="${esc(nom)}" Prenom="${esc(prenom)}" DateNaissance="${frenchDate(born)}" IdentifiantCAS=""/>`)
  }
  const xml = function * (): Generator<string> {
    yield `<?xml version="1.0" encoding="UTF-8"?>\n<IdentifiantsPRONOTE UAI="${uai}" NomEtablissement="ETABLISSEMENT DE TEST">\n`
    for (const line of lines) yield `  ${line}\n`
    yield '</IdentifiantsPRONOTE>\n'
  }
  return {
    people,
    xml,
    encrypted: (partners) => encryptExport(Buffer.from([...xml()].join('')), { partners, uai, establishmentName: 'ETABLISSEMENT DE TEST' })
  }
}
