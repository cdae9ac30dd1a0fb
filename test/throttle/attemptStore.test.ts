import t from 'tap'
import { makeAttemptStore } from '../helpers/testApp.js'
import { attemptStoreContract } from './attemptStoreContract.js'

// One contract for both implementations (memory and Redis); Cluster and Sentinel run it in test/ops.
for (const kind of ['memory', 'redis'] as const) {
  t.test(`${kind} attempt store`, async (t) => {
    attemptStoreContract(t, (t) => makeAttemptStore(t, kind))
  })
}
