import { parseBirthDate } from '../directory/parseBirthDate.js'
import type { EntryKind, ExportEntry, ExportHeader } from './ExportEntry.js'
import { foldName } from './foldName.js'
import { isIdpn, isUai } from './identifiers.js'
import { ImportError } from './ImportError.js'

const KIND_OF: Record<string, EntryKind> = { eleve: 'pupil', responsable: 'parent', professeur: 'teacher', personnel: 'staff' }
const ELEMENT_OF: Record<EntryKind, string> = { pupil: 'Eleve', parent: 'Responsable', teacher: 'Professeur', staff: 'Personnel' }
type Field = 'idpn' | 'nom' | 'prenom' | 'datenaissance' | 'identifiantcas'
const FIELD_OF: Record<string, Field> = {
  idpn: 'idpn', nom: 'nom', prenom: 'prenom', datenaissance: 'datenaissance', datedenaissance: 'datenaissance',
  identifiantcas: 'identifiantcas', idcas: 'identifiantcas'
}
const UAI_NAMES = new Set(['uai', 'rne', 'codeuai'])
/** No real field is this long; a cap keeps one huge text node from growing without end. */
const MAX_VALUE = 1000

/** Element or attribute name without prefix, folded like a person's name (case, accents, _). */
const key = (name: string): string => foldName(name.slice(name.lastIndexOf(':') + 1))

interface Draft { kind: EntryKind, line: number, values: Partial<Record<Field, string>>, children: string[] }
interface Capture { depth: number, text: string, onEnd: (text: string) => void }

/**
 * The state machine behind readExport: turns saxes events into checked ExportEntry objects and
 * collects the establishment's UAI, wherever the file puts it (root or envelope attribute, or a
 * UAI element outside the entries).
 */
export class EntryBuilder {
  private depth = 0
  private entry: Draft | undefined
  private entryDepth = 0
  private capture: Capture | undefined
  private readonly seen = new Map<string, number>()
  private uai: string | undefined
  private name: string | undefined
  private count = 0

  constructor (
    private readonly expectedUai: string | undefined,
    private readonly onEntry: (entry: ExportEntry) => void,
    private readonly line: () => number
  ) {}

  open (name: string, attributes: Record<string, string>): void {
    this.depth++
    const k = key(name)
    if (this.entry === undefined) {
      const kind = KIND_OF[k]
      if (kind !== undefined) return this.startEntry(kind, attributes)
      for (const [a, v] of Object.entries(attributes)) {
        if (UAI_NAMES.has(key(a))) this.noteUai(v)
        if (key(a) === 'nometablissement' && v.trim() !== '') this.name ??= v.trim()
      }
      if (UAI_NAMES.has(k)) this.startCapture((t) => this.noteUai(t))
      return
    }
    const draft = this.entry
    if (this.depth === this.entryDepth + 1) {
      if (draft.kind === 'parent' && (k === 'enfant' || k === 'eleve')) {
        const idpn = Object.entries(attributes).find(([a]) => key(a) === 'idpn')?.[1]
        return this.startCapture((t) => this.addChild(idpn ?? t))
      }
      const field = FIELD_OF[k]
      if (field !== undefined) this.startCapture((t) => { if (t !== '' || draft.values[field] === undefined) draft.values[field] = t })
    } else if (this.depth === this.entryDepth + 2 && k === 'idpn' && this.capture?.depth === this.depth - 1) {
      // <Enfant><IDPN>…</IDPN></Enfant>: the inner text becomes the child's text.
      const outer = this.capture
      this.startCapture((t) => { outer.text = t })
    }
  }

  text (text: string): void {
    const c = this.capture
    if (c === undefined || c.depth !== this.depth) return
    c.text += text
    if (c.text.length > MAX_VALUE) throw new ImportError('ENTRY_INVALID', `valeur de plus de ${MAX_VALUE} caractères`, this.line())
  }

  close (): void {
    const c = this.capture
    if (c !== undefined && c.depth === this.depth) {
      this.capture = undefined
      c.onEnd(c.text.trim())
    } else if (this.entry !== undefined && this.depth === this.entryDepth) {
      this.finishEntry(this.entry)
      this.entry = undefined
    }
    this.depth--
  }

  header (): ExportHeader {
    if (this.uai === undefined) throw new ImportError('UAI_MISSING', 'le fichier n\'indique pas son établissement (attribut UAI de la racine) : est-ce bien un export PRONOTE ?')
    if (this.count === 0) throw new ImportError('NOT_AN_EXPORT', 'aucune entrée Eleve, Responsable, Professeur ou Personnel dans le fichier')
    return { uai: this.uai, ...(this.name === undefined ? {} : { name: this.name }), entries: this.count }
  }

  private startCapture (onEnd: (text: string) => void): void {
    // A capture left open by a nested element is replaced: only the innermost one takes text.
    const outer = this.capture
    this.capture = { depth: this.depth, text: '', onEnd: (t) => { onEnd(t); this.capture = outer } }
  }

  private startEntry (kind: EntryKind, attributes: Record<string, string>): void {
    const draft: Draft = { kind, line: this.line(), values: {}, children: [] }
    for (const [a, v] of Object.entries(attributes)) {
      const field = FIELD_OF[key(a)]
      if (field !== undefined) draft.values[field] = v.trim()
    }
    this.entry = draft
    this.entryDepth = this.depth
  }

  private addChild (idpn: string): void {
    if (!isIdpn(idpn)) throw new ImportError('ENTRY_INVALID', `enfant sans IDPN valide (« ${idpn.slice(0, 40)} »)`, this.line())
    this.entry?.children.push(idpn)
  }

  private noteUai (raw: string): void {
    const uai = raw.trim().toUpperCase()
    if (uai === '') return
    if (!isUai(uai)) throw new ImportError('NOT_AN_EXPORT', `UAI « ${uai.slice(0, 20)} » invalide dans le fichier (7 chiffres et une lettre attendus)`, this.line())
    if (this.uai !== undefined && this.uai !== uai) throw new ImportError('NOT_AN_EXPORT', `le fichier nomme deux établissements (${this.uai} et ${uai})`, this.line())
    if (this.expectedUai !== undefined && uai !== this.expectedUai.toUpperCase()) {
      throw new ImportError('UAI_MISMATCH', `le fichier est l'export de l'établissement ${uai}, pas de ${this.expectedUai.toUpperCase()} : import refusé`, this.line())
    }
    this.uai = uai
  }

  private finishEntry (draft: Draft): void {
    const { values, line } = draft
    const element = ELEMENT_OF[draft.kind]
    const idpn = values.idpn ?? ''
    if (idpn === '') throw new ImportError('ENTRY_INVALID', `<${element}> sans IDPN`, line)
    if (!isIdpn(idpn)) throw new ImportError('ENTRY_INVALID', `<${element}> : IDPN « ${idpn.slice(0, 40)} » invalide`, line)
    const first = this.seen.get(idpn)
    if (first !== undefined) throw new ImportError('DUPLICATE_IDPN', `IDPN ${idpn} en double (déjà ligne ${first})`, line)
    this.seen.set(idpn, line)
    const entry: ExportEntry = { kind: draft.kind, idpn, nom: values.nom ?? '', prenom: values.prenom ?? '', children: draft.children, line }
    const birth = values.datenaissance ?? ''
    if (birth !== '') {
      const iso = parseBirthDate(birth)
      if (iso === undefined) throw new ImportError('ENTRY_INVALID', `<${element}> ${idpn} : date de naissance « ${birth.slice(0, 20)} » invalide (JJ/MM/AAAA attendu)`, line)
      entry.dateNaissance = iso
    }
    if ((values.identifiantcas ?? '') !== '') entry.casId = values.identifiantcas as string
    this.count++
    this.onEntry(entry)
  }
}
