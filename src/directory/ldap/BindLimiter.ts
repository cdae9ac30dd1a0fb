/**
 * At most `max` tasks at once, the others waiting their turn in order. Every person's sign-in
 * binds on a connection of its own (a bind changes who the connection is), so without a bound a
 * burst of sign-ins opens as many connections to the directory at once.
 */
export class BindLimiter {
  private active = 0
  private readonly waiting: Array<() => void> = []

  constructor (private readonly max: number) {}

  async run<T> (task: () => Promise<T>): Promise<T> {
    // A slot is taken here, or handed over by the task that frees it (active stays the same).
    if (this.active < this.max) this.active++
    else await new Promise<void>((resolve) => this.waiting.push(resolve))
    try {
      return await task()
    } finally {
      const next = this.waiting.shift()
      if (next !== undefined) next()
      else this.active--
    }
  }
}
