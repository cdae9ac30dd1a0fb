import type { Test } from 'tap'
import type { AttemptStore } from '../../src/throttle/AttemptStore.js'

/** The rules every AttemptStore must keep; `make` gives a fresh, empty store for one test. */
export function attemptStoreContract (t: Test, make: (t: Test) => AttemptStore): void {
  t.test('hits count up within the window, per key', async (t) => {
    const store = make(t)
    t.equal(await store.hit('a', 60), 1)
    t.equal(await store.hit('a', 60), 2)
    t.equal(await store.hit('b', 60), 1)
    t.same(await store.counts(['a', 'b', 'c']), [2, 1, 0])
  })

  t.test('concurrent hits are all counted', async (t) => {
    const store = make(t)
    await Promise.all(Array.from({ length: 50 }, async () => await store.hit('k', 60)))
    t.same(await store.counts(['k']), [50])
  })

  t.test('a window ends: its count starts again from zero', async (t) => {
    const store = make(t)
    await store.hit('w', 1)
    await store.hit('w', 1)
    await new Promise((resolve) => setTimeout(resolve, 1100))
    t.same(await store.counts(['w']), [0])
    t.equal(await store.hit('w', 1), 1)
  })

  t.test('release takes one hit back, never below zero', async (t) => {
    const store = make(t)
    await store.hit('x', 60)
    await store.hit('x', 60)
    await store.release('x')
    t.same(await store.counts(['x']), [1])
    await store.release('x')
    await store.release('x')
    await store.release('never-hit')
    t.same(await store.counts(['x', 'never-hit']), [0, 0])
    t.equal(await store.hit('x', 60), 1, 'a released key starts a new window')
  })

  t.test('reset forgets a key', async (t) => {
    const store = make(t)
    await store.hit('r', 60)
    await store.reset('r')
    t.same(await store.counts(['r']), [0])
  })
}
