import { mkdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { ImportRecord } from './ImportRecord.js'
import { replaceFile } from '../storage/replaceFile.js'
import { LinkIndex } from './LinkIndex.js'
import type { LinkStore, PronoteLink } from './LinkStore.js'
import { parseLinksFile } from './parseLinksFile.js'
import { withFileLock } from './withFileLock.js'

/** The file's identity: a rename gives a new inode, so an import by another process is noticed. */
const signatureOf = (s: { ino: number, size: number, mtimeMs: number }): string => `${s.ino}:${s.size}:${s.mtimeMs}`

/**
 * Embedded-mode links: `DATA_DIR/pronote-links.json`, indexed in memory. Every write takes a lock
 * file, re-reads the file, writes a temporary file, fsyncs it and renames it over the old one, so
 * readers see the old links or the new ones, never half. Reads stat the file (one cheap system
 * call) and reload it when another process (the import command) has replaced it.
 */
export class FileLinkStore implements LinkStore {
  private index = new LinkIndex()
  private signature = 'none'
  private reloading: Promise<void> | undefined
  private writing: Promise<void> = Promise.resolve()

  private constructor (readonly path: string) {}

  /** Opens (and creates the directory of) `<dataDir>/pronote-links.json`. */
  static async open (dataDir: string): Promise<FileLinkStore> {
    await mkdir(dataDir, { recursive: true })
    const store = new FileLinkStore(join(dataDir, 'pronote-links.json'))
    await store.refresh()
    return store
  }

  async linksOf (uid: string, uai: string): Promise<PronoteLink[]> {
    await this.refresh()
    return this.index.linksOf(uid, uai)
  }

  async listEstablishment (uai: string): Promise<PronoteLink[]> {
    await this.refresh()
    return this.index.list(uai)
  }

  async replaceEstablishment (uai: string, links: PronoteLink[]): Promise<void> {
    await this.update((index) => { index.replace(uai, links) })
  }

  async addLinks (uai: string, links: PronoteLink[]): Promise<void> {
    await this.update((index) => { index.add(uai, links) })
  }

  async unlink (uai: string, idpn: string): Promise<boolean> {
    let removed = false
    await this.update((index) => { removed = index.remove(uai, idpn) })
    return removed
  }

  async commitImport (uai: string, links: PronoteLink[], record: ImportRecord): Promise<void> {
    await this.update((index) => { index.commit(uai, links, record) })
  }

  async importHistory (uai: string): Promise<ImportRecord[]> {
    await this.refresh()
    return this.index.records(uai)
  }

  async undoImport (uai: string): Promise<ImportRecord | undefined> {
    let undone: ImportRecord | undefined
    await this.update((index) => { undone = index.undo(uai) })
    return undone
  }

  async close (): Promise<void> {}

  // --- Establishments ---
  async establishments (): Promise<string[]> {
    await this.refresh()
    return this.index.establishments()
  }

  private async refresh (): Promise<void> {
    if (this.reloading !== undefined) return await this.reloading
    this.reloading = this.reload().finally(() => { this.reloading = undefined })
    await this.reloading
  }

  private async reload (): Promise<void> {
    const s = await stat(this.path).catch((err: NodeJS.ErrnoException) => { if (err.code === 'ENOENT') return undefined; throw err })
    const signature = s === undefined ? 'none' : signatureOf(s)
    if (signature === this.signature) return
    const text = s === undefined ? undefined : await readFile(this.path, 'utf8')
    const data = text === undefined ? { links: [], history: {} } : parseLinksFile(text, this.path)
    this.index = new LinkIndex(data.links, data.history)
    this.signature = signature
  }

  private async update (change: (index: LinkIndex) => void): Promise<void> {
    // In-process writers queue here; other processes are kept out by the lock file.
    const run = this.writing.then(async () => await withFileLock(`${this.path}.lock`, async () => {
      await this.reloading?.catch(() => {})
      this.signature = 'stale' // read the file again under the lock: another process may have written
      await this.refresh()
      const next = new LinkIndex(this.index.all(), this.index.allHistory())
      change(next)
      await this.write(next)
      this.index = next
    }))
    this.writing = run.catch(() => {})
    await run
  }

  private async write (index: LinkIndex): Promise<void> {
    // The history sits in the same file, so an import and its record are written in one rename.
    await replaceFile(this.path, JSON.stringify({ format: 'sesame-pronote-links', version: 1, links: index.all(), history: index.allHistory() }, null, 1))
    this.signature = signatureOf(await stat(this.path))
  }
}
