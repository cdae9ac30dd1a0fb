import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { StoredDataError } from '../../errors/StoredDataError.js'
import { withFileLock } from '../../pronote/withFileLock.js'
import { replaceFile } from '../../storage/replaceFile.js'
import { parseStoredService } from './parseStoredServices.js'
import type { ServiceStore, StoredService } from './ServiceStore.js'

interface FileContent { version: number, services: StoredService[] }

/**
 * Embedded-mode console services: `DATA_DIR/console-services.json`, replaced atomically (temporary
 * file, fsync, rename) under a lock file, so a crash never leaves half a registry. Read on each
 * call: the file is small, and another process may have written it.
 */
export class FileServiceStore implements ServiceStore {
  private constructor (readonly path: string) {}

  static async open (dataDir: string): Promise<FileServiceStore> {
    await mkdir(dataDir, { recursive: true })
    const store = new FileServiceStore(join(dataDir, 'console-services.json'))
    await store.read()
    return store
  }

  private async read (): Promise<FileContent> {
    let text: string
    try { text = await readFile(this.path, 'utf8') } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 0, services: [] }
      throw err
    }
    let data: Partial<FileContent> | null
    try { data = JSON.parse(text) as Partial<FileContent> | null } catch (err) {
      throw new StoredDataError(`${this.path}: fichier des services de la console illisible (${(err as Error).message})`)
    }
    if (typeof data?.version !== 'number' || !Array.isArray(data.services)) throw new StoredDataError(`${this.path}: fichier des services de la console illisible`)
    return { version: data.version, services: data.services.map((s, i) => parseStoredService(s, `${this.path}[${i}]`)) }
  }

  private async update (change: (services: Map<string, StoredService>) => boolean): Promise<boolean> {
    return await withFileLock(`${this.path}.lock`, async () => {
      const current = await this.read()
      const services = new Map(current.services.map((s) => [s.definition.id, s]))
      if (!change(services)) return false
      const next: FileContent = { version: current.version + 1, services: [...services.values()].sort((a, b) => a.definition.id < b.definition.id ? -1 : 1) }
      await replaceFile(this.path, JSON.stringify(next, null, 2) + '\n')
      return true
    })
  }

  async list (): Promise<StoredService[]> {
    return (await this.read()).services
  }

  async put (service: StoredService): Promise<void> {
    await this.update((services) => { services.set(service.definition.id, service); return true })
  }

  async remove (id: string): Promise<boolean> {
    return await this.update((services) => services.delete(id))
  }

  async version (): Promise<string> {
    return String((await this.read()).version)
  }

  async close (): Promise<void> {}
}
