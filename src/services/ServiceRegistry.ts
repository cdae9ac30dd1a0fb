import { readFile } from 'node:fs/promises'
import { ConfigError } from '../errors/ConfigError.js'
import { parseJsonFile } from '../config/parseJsonFile.js'
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
  const data = parseJsonFile(text, path)
  return parseServices(data, path)
}

/**
 * How many service URLs match() remembers (a few hundred bytes each): a region's establishments
 * and their PRONOTE spaces; beyond it the oldest is matched again, as without a memory.
 */
const REMEMBERED_MATCHES = 10_000

/**
 * The registered services. The list is swapped in one assignment on reload, so a request in
 * flight sees either the old registry or the new one, never a mix.
 */
export class ServiceRegistry {
  /** SERVICES_FILE's entries and the console's, merged in evaluation order. */
  private services: readonly RegisteredService[] = []
  private fileServices: readonly RegisteredService[]
  /** Services made in the admin console (ServiceStore), on top of the file. */
  private consoleServices: readonly RegisteredService[] = []
  /** Sésame's own clients (the admin console): matched first, and kept when the file is reloaded. */
  private builtIn: readonly RegisteredService[] = []
  private readonly byId = new Map<string, RegisteredService>()
  private readonly fromFile = new Set<string>()
  /**
   * match()'s answers by raw URL, emptied by every change of the lists: each /login would
   * otherwise parse its service URL and scan the patterns (2-3 % of an SSO request, BENCHMARKS.md).
   * Misses are not remembered, as anyone can send new URLs; bounded all the same.
   */
  private readonly matches = new Map<string, ServiceMatch>()

  constructor (services: readonly RegisteredService[]) {
    this.fileServices = services
    this.index()
  }

  private index (): void {
    // A console service never shadows a file entry of the same id (the console refuses to make
    // one; a file reloaded later wins). Ties in evaluationOrder keep the file first.
    const fileIds = new Set(this.fileServices.map((s) => s.id))
    const merged = [...this.fileServices, ...this.consoleServices.filter((s) => !fileIds.has(s.id))]
    this.services = merged.map((s, i) => ({ s, i })).sort((a, b) => a.s.evaluationOrder - b.s.evaluationOrder || a.i - b.i).map(({ s }) => s)
    this.byId.clear()
    this.fromFile.clear()
    for (const s of [...this.builtIn, ...this.services]) this.byId.set(s.id, s)
    for (const id of fileIds) this.fromFile.add(id)
    this.matches.clear()
  }

  /** Whether a service comes from SERVICES_FILE (read-only in the console). */
  isFromFile (id: string): boolean {
    return this.fromFile.has(id)
  }

  /** Swaps the console's services in, in one assignment, as replace() does for the file. */
  replaceConsole (services: readonly RegisteredService[]): void {
    this.consoleServices = services
    this.index()
  }

  /** Registers Sésame's own clients, ahead of every registered service. */
  setBuiltIn (services: readonly RegisteredService[]): void {
    this.builtIn = services
    this.index()
  }

  /** The first service, by evaluationOrder, whose pattern matches the URL once normalised. */
  match (rawUrl: string): ServiceMatch | undefined {
    const remembered = this.matches.get(rawUrl)
    if (remembered !== undefined) return remembered
    const url = normalizeServiceUrl(rawUrl)
    if (url === undefined) return undefined
    const service = this.builtIn.find((s) => s.matches(url.url)) ?? this.services.find((s) => s.matches(url.url))
    if (service === undefined) return undefined
    if (this.matches.size >= REMEMBERED_MATCHES) this.matches.delete(this.matches.keys().next().value as string)
    const match = { service, url }
    this.matches.set(rawUrl, match)
    return match
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

  /** The file's services (SIGHUP reload); the console's stay. */
  replace (services: readonly RegisteredService[]): void {
    this.fileServices = services
    this.index()
  }
}
