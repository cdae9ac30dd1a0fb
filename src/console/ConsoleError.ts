/** A console refusal, shown as a French page with its status (403 outside one's scope, 400 bad form…). */
export class ConsoleError extends Error {
  constructor (readonly statusCode: number, readonly title: string, message: string) {
    super(message)
    this.name = 'ConsoleError'
  }
}
