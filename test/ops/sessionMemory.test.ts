import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import t from 'tap'
import { startRedis } from '../../scripts/testServices/redis.mjs'
import { RedisTicketStore } from '../../src/tickets/RedisTicketStore.js'
import { aSession, aTicket } from '../tickets/ticketStoreContract.js'

// Sizing (docs/deployment.md): what one signed-in person costs in Redis. A parent of children in
// two establishments, with the full PRONOTE attribute release, as PRONOTE receives it.
const dir = mkdtempSync(join(tmpdir(), 'sesame-memory-'))
const server = await startRedis({ dir })
const redis = new Redis(server.url)
t.teardown(async () => {
  redis.disconnect()
  await server.stop()
  rmSync(dir, { recursive: true, force: true })
})

const N = 5000

async function usedMemory (): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1])
}

function session () {
  return aSession({
    person: {
      // As startSession stores a person: without the DN and the children, which only imports use.
      uid: 'marc.dupont', directoryId: 'aten', nom: 'DUPONT', prenom: 'Marc', dateNaissance: '1978-05-02', codePostal: '34000',
      profiles: ['National_TUT'], uais: ['0340000X', '0340001Y'], jointure: 'AC-MONTPELLIER$2000001',
      children: []
    },
    idleMs: 7_200_000,
    expiresAt: Date.now() + 28_800_000
  })
}

function serviceTicket (tgt: ReturnType<typeof aSession>) {
  return aTicket(tgt, {
    // PRONOTE services have single logout: the session is then also watched for expiry.
    singleLogout: true,
    user: 'marc.dupont',
    attributes: {
      nom: ['DUPONT'], prenom: ['Marc'], dateNaissance: ['02/05/1978'], codePostal: ['34000'], categories: ['National_2'],
      ENTPersonProfils: ['National_TUT'], ENTPersonJointure: ['AC-MONTPELLIER$2000001'], pronoteId: ['A8BT6EGHDW3QFPXC']
    }
  })
}

t.test(`a session costs Redis under 1 KiB once its ticket is validated, under 2 KiB while one is outstanding (measured over ${N} sessions)`, async (t) => {
  await redis.flushall()
  const store = new RedisTicketStore(redis)
  const before = await usedMemory()
  const tickets: string[] = []
  for (let i = 0; i < N; i += 250) {
    await Promise.all(Array.from({ length: 250 }, async () => {
      const tgt = session()
      await store.createSession(tgt)
      const st = serviceTicket(tgt)
      await store.addServiceTicket(st, 10)
      tickets.push(st.id)
    }))
  }
  const withTicket = (await usedMemory() - before) / N
  for (const id of tickets) await store.consumeServiceTicket(id)
  const afterValidation = (await usedMemory() - before) / N
  t.comment(`Redis bytes per session: ${Math.round(withTicket)} with its service ticket outstanding, ${Math.round(afterValidation)} once the ticket is validated`)
  t.ok(withTicket < 2048, `${Math.round(withTicket)} bytes per session with a ticket`)
  t.ok(afterValidation < 1024, `${Math.round(afterValidation)} bytes per session once the ticket is validated`)
})
