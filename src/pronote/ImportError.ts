/** Stable codes of import failures, for callers to switch on (CLI exit code, HTTP status). */
export type ImportErrorCode =
  | 'READ_FAILED' // the file cannot be read
  | 'TOO_LARGE' // over the size limit
  | 'ENCODING' // unknown encoding, or bytes invalid for it
  | 'XML_MALFORMED' // not well-formed XML
  | 'DTD_FORBIDDEN' // DOCTYPE, DTD or entity declarations
  | 'NOT_AN_EXPORT' // well-formed, but not a PRONOTE identifier export
  | 'ENTRY_INVALID' // an entry without IDPN, with a bad date, a field too long…
  | 'DUPLICATE_IDPN' // one IDPN on two entries
  | 'UAI_MISSING' // the file does not name its establishment
  | 'UAI_MISMATCH' // the file is another establishment's
  | 'UAI_INVALID' // the UAI asked for is not 7 digits and a letter
  | 'UAI_UNKNOWN' // no service and nobody in the directories for that establishment
  | 'MODE_INVALID' // neither full nor partial
  | 'LINKS_CHANGED' // the establishment's links changed while the import was matching
  | 'PARTNER_MISSING' // an encrypted export, but no partner key configured
  | 'PARTNER_UNKNOWN' // encrypted for other partners only
  | 'KEY_MISMATCH' // the partner's key block does not open with our key (wrong key, or block altered)
  | 'CONTENT_ALTERED' // the encrypted content fails its checks (SHA-256, padding, compression)
  | 'CONTAINER_INVALID' // the encrypted container is incomplete or badly encoded

/**
 * Why an import was refused, in one French line (with the file's line number when known). Nothing
 * has been written when it is thrown. The parser throws nothing else, whatever its input.
 */
export class ImportError extends Error {
  readonly code: ImportErrorCode
  /** 1-based line in the file, when the problem is at a place in it. */
  readonly line: number | undefined

  constructor (code: ImportErrorCode, message: string, line?: number) {
    super(line === undefined ? message : `ligne ${line} : ${message}`)
    this.name = 'ImportError'
    this.code = code
    this.line = line
  }

  /** The HTTP status that fits: 413 for a file too large, 409 for links changed meanwhile, 400 otherwise. */
  get statusCode (): number {
    return this.code === 'TOO_LARGE' ? 413 : this.code === 'LINKS_CHANGED' ? 409 : 400
  }
}
