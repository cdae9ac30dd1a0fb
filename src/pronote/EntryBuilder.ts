import { parseBirthDate } from '../directory/parseBirthDate.js'
import type { EntryKind, ExportEntry, ExportHeader } from './ExportEntry.js'
import { foldName } from './foldName.js'
import { isIdpn, isUai } from './identifiers.js'
import { ImportError } from './ImportError.js'

const KIND_OF: Record<string, EntryKind> = { eleve: 'pupil', responsable: 'parent', professeur: 'teacher', personnel: 'staff' }
const ELEMENT_OF: Record<EntryKind, string> = { pupil: 'Eleve', parent: 'Responsable', teacher: 'Professeur', staff: 'Personnel' }
type Field = 'idpn' | 'ident' | 'nom' | 'prenom' | 'datenaissance' | 'identifiantcas'
const FIELD_OF: Record<string, Field> = {
  idpn: 'idpn', ident: 'ident', nom: 'nom', prenom: 'prenom', datenaissance: 'datenaissance', datedenaissance: 'datenaissance',
  // IDCAS is what Index Éducation's own exports call the CAS identifier PRONOTE holds.
  identifiantcas: 'identifiantcas', idcas: 'identifiantcas'
}
/** Attributes of a Responsable that name its children, and what they name them by. */
const CHILD_ATTRIBUTES: Record<string, 'idpn' | 'ident'> = {
  enfant: 'idpn', enfants: 'idpn', idpnenfant: 'idpn', idpnenfants: 'idpn', identenfant: 'ident', identenfants: 'ident'
}
const UAI_NAMES = new Set(['uai', 'rne', 'codeuai'])
/** No real field is this long; a cap keeps one huge text node from growing without end. */
const MAX_VALUE = 1000

/** Element or attribute name without prefix, folded like a person's name (case, accents, _). */
export const key = (name: string): string => foldName(name.slice(name.lastIndexOf(':') + 1))

interface ChildRef { by: 'idpn' | 'ident', value: string }
interface Draft {
  kind: EntryKind
  line: number
  depth: number
  values: Partial<Record<Field, string>>
  refs: ChildRef[]
  /** A pupil's nested Responsable elements, which get the pupil as a child once its IDPN is known. */
  nested: ParentRecord[]
  /** For a Responsable nested in an Eleve: that pupil. */
  enclosing?: Draft
}
/** One parent, merged over every place the file mentions them. */
interface ParentRecord { entry: ExportEntry, ident?: string, refs: ChildRef[] }
interface ChildDraft { depth: number, idpn?: string, ident?: string, text: string }
interface Capture { depth: number, text: string, onEnd: (text: string) => void }

/**
 * The state machine behind readExport: turns saxes events into checked ExportEntry objects and
 * collects the establishment's UAI, wherever the file puts it (root or envelope attribute, or a
 * UAI element outside the entries). Pupils and staff go to onEntry as they close; parents, who
 * may be mentioned under each of their children, are merged (by IDPN, or Ident) and go to
 * onEntry when finish() is called at the end of the file.
 */
export class EntryBuilder {
  private depth = 0
  private readonly stack: Draft[] = []
  private child: ChildDraft | undefined
  private capture: Capture | undefined
  private readonly seen = new Map<string, { line: number, kind: EntryKind }>()
  private readonly parents = new Map<string, ParentRecord>()
  private readonly parentIdents = new Map<string, ParentRecord>()
  private readonly pupilIdents = new Map<string, string>()
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
    const top = this.stack.at(-1)
    if (top === undefined) {
      const kind = KIND_OF[k]
      if (kind !== undefined) return this.startEntry(kind, attributes)
      this.noteAttributes(attributes)
      if (UAI_NAMES.has(k)) this.startCapture((t) => { this.noteUai(t) })
      if (k === 'nometablissement') this.startCapture((t) => { if (t !== '') this.name ??= t })
      return
    }
    if (this.child !== undefined) {
      // <Enfant><IDPN>…</IDPN></Enfant> or <Enfant><Ident>…</Ident></Enfant>
      const child = this.child
      if (this.depth === child.depth + 1 && (k === 'idpn' || k === 'ident')) this.startCapture((t) => { child[k] = t })
      return
    }
    if (top.kind === 'pupil' && k === 'responsable') return this.startEntry('parent', attributes, top)
    if (top.kind === 'parent' && (k === 'enfant' || k === 'eleve')) {
      const child: ChildDraft = { depth: this.depth, text: '' }
      for (const [a, v] of Object.entries(attributes)) {
        const ak = key(a)
        if (ak === 'idpn' || ak === 'ident') child[ak] = v.trim()
      }
      this.child = child
      return this.startCapture((t) => { child.text = t })
    }
    const field = FIELD_OF[k]
    if (field !== undefined && this.depth === top.depth + 1) {
      this.startCapture((t) => { if (t !== '' || top.values[field] === undefined) top.values[field] = t })
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
    }
    const top = this.stack.at(-1)
    if (this.child !== undefined && this.child.depth === this.depth) {
      this.finishChild(this.child)
      this.child = undefined
    } else if (top !== undefined && top.depth === this.depth) {
      this.stack.pop()
      this.finishEntry(top)
    }
    this.depth--
  }

  /** The establishment as a container names it (attributes or elements of its own). */
  noteEstablishment (uai: string | undefined, name: string | undefined): void {
    if (uai !== undefined) this.noteUai(uai, false)
    if (name !== undefined && name.trim() !== '') this.name ??= name.trim()
  }

  /** UAI and NomEtablissement attributes of an element outside the entries (the root, an envelope). */
  noteAttributes (attributes: Record<string, string>): void {
    for (const [a, v] of Object.entries(attributes)) {
      if (UAI_NAMES.has(key(a))) this.noteUai(v)
      if (key(a) === 'nometablissement' && v.trim() !== '') this.name ??= v.trim()
    }
  }

  /** At the end of the file: every parent, merged, to onEntry; then what the file says about itself. */
  finish (): ExportHeader {
    for (const record of this.parents.values()) {
      const children = new Set<string>()
      for (const ref of record.refs) {
        // A child named by an Ident that no Eleve of the file carries is left out: the parent is
        // then matched (or reported) on the children that are there.
        const idpn = ref.by === 'idpn' ? ref.value : this.pupilIdents.get(ref.value)
        if (idpn !== undefined) children.add(idpn)
      }
      record.entry.children = [...children]
      this.emit(record.entry)
    }
    this.parents.clear()
    if (this.uai === undefined) throw new ImportError('UAI_MISSING', 'le fichier n\'indique pas son établissement (attribut UAI de la racine) : est-ce bien un export PRONOTE ?')
    if (this.count === 0) throw new ImportError('NOT_AN_EXPORT', 'aucune entrée Eleve, Responsable, Professeur ou Personnel dans le fichier')
    return { uai: this.uai, ...(this.name === undefined ? {} : { name: this.name }), entries: this.count }
  }

  private startCapture (onEnd: (text: string) => void): void {
    // A capture left open by a nested element is replaced: only the innermost one takes text.
    const outer = this.capture
    this.capture = { depth: this.depth, text: '', onEnd: (t) => { onEnd(t); this.capture = outer } }
  }

  private startEntry (kind: EntryKind, attributes: Record<string, string>, enclosing?: Draft): void {
    const draft: Draft = { kind, line: this.line(), depth: this.depth, values: {}, refs: [], nested: [], ...(enclosing === undefined ? {} : { enclosing }) }
    for (const [a, v] of Object.entries(attributes)) {
      const ak = key(a)
      const field = FIELD_OF[ak]
      if (field !== undefined) draft.values[field] = v.trim()
      const by = CHILD_ATTRIBUTES[ak]
      if (kind === 'parent' && by !== undefined) {
        for (const value of v.split(/[\s,;]+/)) if (value !== '') this.addRef(draft, { by, value })
      }
    }
    this.stack.push(draft)
  }

  private finishChild (child: ChildDraft): void {
    const draft = this.stack.at(-1) as Draft
    const idpn = child.idpn ?? (child.ident === undefined ? child.text : '')
    if (idpn !== '') this.addRef(draft, { by: 'idpn', value: idpn })
    else if (child.ident !== undefined && child.ident !== '') this.addRef(draft, { by: 'ident', value: child.ident })
    else throw new ImportError('ENTRY_INVALID', 'enfant sans IDPN ni Ident', this.line())
  }

  private addRef (draft: Draft, ref: ChildRef): void {
    if (ref.by === 'idpn' && !isIdpn(ref.value)) throw new ImportError('ENTRY_INVALID', `enfant sans IDPN valide (« ${ref.value.slice(0, 40)} »)`, this.line())
    draft.refs.push(ref)
  }

  private noteUai (raw: string, located = true): void {
    const uai = raw.trim().toUpperCase()
    if (uai === '') return
    const line = located ? this.line() : undefined
    if (!isUai(uai)) throw new ImportError('NOT_AN_EXPORT', `UAI « ${uai.slice(0, 20)} » invalide dans le fichier (7 chiffres et une lettre attendus)`, line)
    if (this.uai !== undefined && this.uai !== uai) throw new ImportError('NOT_AN_EXPORT', `le fichier nomme deux établissements (${this.uai} et ${uai})`, line)
    if (this.expectedUai !== undefined && uai !== this.expectedUai.toUpperCase()) {
      throw new ImportError('UAI_MISMATCH', `le fichier est l'export de l'établissement ${uai}, pas de ${this.expectedUai.toUpperCase()} : import refusé`, line)
    }
    this.uai = uai
  }

  private finishEntry (draft: Draft): void {
    const { values, line } = draft
    const element = ELEMENT_OF[draft.kind]
    const idpn = values.idpn ?? ''
    const ident = values.ident === '' ? undefined : values.ident
    if (draft.kind === 'parent') {
      const known = (idpn === '' && ident !== undefined) ? this.parentIdents.get(ident) : this.parents.get(idpn)
      if (known !== undefined) return this.mergeParent(known, draft)
    }
    if (idpn === '') throw new ImportError('ENTRY_INVALID', `<${element}> sans IDPN`, line)
    if (!isIdpn(idpn)) throw new ImportError('ENTRY_INVALID', `<${element}> : IDPN « ${idpn.slice(0, 40)} » invalide`, line)
    const first = this.seen.get(idpn)
    if (first !== undefined) throw new ImportError('DUPLICATE_IDPN', `IDPN ${idpn} en double (déjà ligne ${first.line})`, line)
    this.seen.set(idpn, { line, kind: draft.kind })
    const entry: ExportEntry = { kind: draft.kind, idpn, nom: values.nom ?? '', prenom: values.prenom ?? '', children: [], line }
    const birth = values.datenaissance ?? ''
    if (birth !== '') {
      const iso = parseBirthDate(birth)
      if (iso === undefined) throw new ImportError('ENTRY_INVALID', `<${element}> ${idpn} : date de naissance « ${birth.slice(0, 20)} » invalide (JJ/MM/AAAA attendu)`, line)
      entry.dateNaissance = iso
    }
    if ((values.identifiantcas ?? '') !== '') entry.casId = values.identifiantcas as string
    if (draft.kind === 'parent') {
      const record: ParentRecord = { entry, refs: draft.refs, ...(ident === undefined ? {} : { ident }) }
      this.parents.set(idpn, record)
      if (ident !== undefined) this.parentIdents.set(ident, record)
      draft.enclosing?.nested.push(record)
      return
    }
    if (draft.kind === 'pupil') {
      if (ident !== undefined) this.pupilIdents.set(ident, idpn)
      for (const parent of draft.nested) parent.refs.push({ by: 'idpn', value: idpn })
    }
    this.emit(entry)
  }

  /** A parent met again (under another child, or listed on their own too): one parent, more children. */
  private mergeParent (record: ParentRecord, draft: Draft): void {
    const { entry } = record
    const { values } = draft
    if (entry.nom === '' && values.nom !== undefined) entry.nom = values.nom
    if (entry.prenom === '' && values.prenom !== undefined) entry.prenom = values.prenom
    if (entry.casId === undefined && (values.identifiantcas ?? '') !== '') entry.casId = values.identifiantcas as string
    record.refs.push(...draft.refs)
    draft.enclosing?.nested.push(record)
  }

  private emit (entry: ExportEntry): void {
    this.count++
    this.onEntry(entry)
  }
}
