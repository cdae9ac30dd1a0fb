/** A configuration problem found at start-up: the message is the one line printed before exiting. */
export class ConfigError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}
