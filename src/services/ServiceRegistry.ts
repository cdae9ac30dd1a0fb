import { readFile } from 'node:fs/promises'
import { ConfigError } from '../errors/ConfigError.js'
import { normalizeServiceUrl, type NormalizedServiceUrl } from './normalizeServiceUrl.js'
import { parseServices } from './parseServices.js'
import type { RegisteredService } from './RegisteredService.js'

export interface ServiceMatch {
  service: RegisteredService
  url: NormalizedServiceUrl
}

/** Reads and checks a services.json file; throws a ConfigError naming the file or the entry. */
export async function readServicesFile (path: string): Promise<RegisteredService[]> {
  let text: string
  try { text = await readFile(path, 'utf8') } catch (err) {
    throw new ConfigError(`SERVICES_FILE: ${path} illisible (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
  }
  let data: unknown
  try { data = JSON.parse(text) } catch (err) { throw new ConfigError(`${path}: JSON invalide (${(err as Error).message})`) }
  return parseServices(data, path)
}

/**
 * The registered services. The list is swapped in one assignment on reload, so a request in
 * flight sees either the old registry or the new one, never a mix.
 */
export class ServiceRegistry {
  private services: readonly RegisteredService[]
  /** Sésame's own clients (the admin console): matched first, and kept when the file is reloaded. */
  private builtIn: readonly RegisteredService[] = []
  private readonly byId = new Map<string, RegisteredService>()

  constructor (services: readonly RegisteredService[]) {
    this.services = services
    this.index()
  }

  private index (): void {
    this.byId.clear()
    for (const s of [...this.builtIn, ...this.services]) this.byId.set(s.id, s)
  }

  /** Registers Sésame's own clients, ahead of every registered service. */
  setBuiltIn (services: readonly RegisteredService[]): void {
    this.builtIn = services
    this.index()
  }

  /** The first service, by evaluationOrder, whose pattern matches the URL once normalised. */
  match (rawUrl: string): ServiceMatch | undefined {
    const url = normalizeServiceUrl(rawUrl)
    if (url === undefined) return undefined
    for (const service of this.builtIn) {
      if (service.matches(url.url)) return { service, url }
    }
    for (const service of this.services) {
      if (service.matches(url.url)) return { service, url }
    }
    return undefined
  }

  /** The first service, by evaluationOrder, of an establishment (its `uai`): its PRONOTE, in practice. */
  forEstablishment (uai: string): RegisteredService | undefined {
    const wanted = uai.toUpperCase()
    return this.services.find((s) => s.uai?.toUpperCase() === wanted)
  }

  byKey (id: string): RegisteredService | undefined {
    return this.byId.get(id)
  }

  all (): readonly RegisteredService[] {
    return this.services
  }

  replace (services: readonly RegisteredService[]): void {
    this.services = services
    this.index()
  }
}
