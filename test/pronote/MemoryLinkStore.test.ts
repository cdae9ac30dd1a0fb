import t from 'tap'
import { MemoryLinkStore } from '../../src/pronote/MemoryLinkStore.js'
import { linkStoreContract } from './linkStoreContract.js'

linkStoreContract(t, async () => new MemoryLinkStore())
