/**
 * Counts failed sign-ins per key within a fixed window, shared by every node (Redis) or kept in
 * the process (memory). The first hit of a window sets its lifetime, in the same operation.
 */
export interface AttemptStore {
  /** Adds one failure; returns the count within the current window, this one included. */
  hit (key: string, windowSeconds: number): Promise<number>
  /** The current count of several keys, in order; 0 for a key without failures. */
  counts (keys: readonly string[]): Promise<number[]>
  /** Forgets the failures of a key (after a successful sign-in). */
  reset (key: string): Promise<void>
  /** Takes one hit back (an attempt counted in advance that was no failure); never below zero. */
  release (key: string): Promise<void>
  close (): Promise<void>
}
