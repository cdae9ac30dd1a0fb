/**
 * Makes a refusal for an unknown login last about as long as one for a wrong password, so that
 * timing does not tell which logins exist. An unknown login already costs a dummy bind (a
 * connection and a bind round trip, like a real one); but a server checks no password hash for a
 * DN that does not exist, so we also wait until the running average of real binds has passed.
 */
export class BindTimingEqualizer {
  private average: number | undefined

  /** Records how long a real user bind took (from the start of the sign-in). */
  record (ms: number): void {
    // An exponential moving average follows the server's speed without keeping a history.
    this.average = this.average === undefined ? ms : this.average * 0.8 + ms * 0.2
  }

  /** Waits until a sign-in that started at startedAt has lasted about as long as a real bind. */
  async pad (startedAt: number): Promise<void> {
    if (this.average === undefined) return
    const left = this.average - (performance.now() - startedAt)
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left))
  }
}
