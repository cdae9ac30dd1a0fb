/** The directory could not answer (down, timed out, misconfigured service account). */
export class DirectoryUnavailableError extends Error {
  readonly directoryId: string
  constructor (directoryId: string, cause: unknown) {
    super(`directory ${directoryId} unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
    this.name = 'DirectoryUnavailableError'
    this.directoryId = directoryId
  }
}
