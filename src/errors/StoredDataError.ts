/**
 * Data Sésame wrote itself (the PRONOTE links file, the console's services) that it can no longer
 * read. Never taken as empty: the next write would wipe what the file held. The message is one
 * French line naming the file and what is wrong; whoever stops on it (a request, a command) says so.
 */
export class StoredDataError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'StoredDataError'
  }
}
