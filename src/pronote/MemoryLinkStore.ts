import type { ImportRecord } from './ImportRecord.js'
import { LinkIndex } from './LinkIndex.js'
import type { LinkStore, PronoteLink } from './LinkStore.js'

/** Links in this process's memory only: for tests and benchmarks (nothing survives a restart). */
export class MemoryLinkStore implements LinkStore {
  private readonly index: LinkIndex

  constructor (links: PronoteLink[] = []) {
    this.index = new LinkIndex(links)
  }

  async linksOf (uid: string, uai: string): Promise<PronoteLink[]> { return this.index.linksOf(uid, uai) }
  async listEstablishment (uai: string): Promise<PronoteLink[]> { return this.index.list(uai) }

  // LinkIndex checks every link before it changes anything: a bad call leaves the links as they were.
  async replaceEstablishment (uai: string, links: PronoteLink[]): Promise<void> { this.index.replace(uai, links) }
  async addLinks (uai: string, links: PronoteLink[]): Promise<void> { this.index.add(uai, links) }

  async unlink (uai: string, idpn: string): Promise<boolean> { return this.index.remove(uai, idpn) }
  async commitImport (uai: string, links: PronoteLink[], record: ImportRecord): Promise<void> { this.index.commit(uai, links, record) }
  async importHistory (uai: string): Promise<ImportRecord[]> { return this.index.records(uai) }
  async undoImport (uai: string): Promise<ImportRecord | undefined> { return this.index.undo(uai) }
  async close (): Promise<void> {}

  // --- Establishments ---
  async establishments (): Promise<string[]> { return this.index.establishments() }
}
