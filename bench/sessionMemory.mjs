// Redis memory per live session: `INFO memory` used_memory before and after creating `count`
// sessions (a TGT with realistic Person data) through RedisTicketStore from dist/, then after one
// service ticket each (attributes released by the real releaseAttributes for a PRONOTE service,
// with a PRONOTE identifier linked). Run against an empty, dedicated redis-server.
// Usage: node bench/sessionMemory.mjs redis://127.0.0.1:PORT [count]
import { Redis } from 'ioredis'
import { RedisTicketStore } from '../dist/tickets/RedisTicketStore.js'
import { releaseAttributes, principalFor } from '../dist/services/releaseAttributes.js'
import { readServicesFile, ServiceRegistry } from '../dist/services/ServiceRegistry.js'
import { MemoryLinkStore } from '../dist/pronote/MemoryLinkStore.js'
import { newTicketId } from '../dist/tickets/newTicketId.js'
import { sessionPerson } from '../dist/protocol/startSession.js'

const url = process.argv[2]
const count = Number(process.argv[3] ?? 5000)
const redis = new Redis(url)
const store = new RedisTicketStore(redis)
const registry = new ServiceRegistry(await readServicesFile(new URL('config/services.json', import.meta.url).pathname))
const serviceUrl = 'https://0340000x.index-education.net/pronote/eleve.html'
const match = registry.match(serviceUrl)
if (match === undefined) throw new Error('bench service not found')

const NOMS = ['Martin', 'Bernard', 'N\'Guyen-Roux', 'Lefèvre', 'Dubois-Sénéchal', 'Moreau', 'Benali', 'Da Silva']
const PRENOMS = ['Léa', 'Hugo', 'Élodie', 'Jean-Baptiste', 'Inès', 'Maël', 'Chloé', 'Yanis']
const ATEN = 'ou=aten,dc=ac-montpellier,dc=fr'
const people = []
const links = []
for (let i = 0; i < count; i++) {
  const kind = i % 20 < 16 ? 'ELV' : i % 20 < 19 ? 'TUT' : 'ENS'
  const uid = `${PRENOMS[i % 8].toLowerCase().normalize('NFD').replace(/[^a-z-]/g, '')}.${NOMS[(i >> 3) % 8].toLowerCase().replace(/[^a-z]/g, '')}${i}`
  const person = {
    uid,
    directoryId: 'aten',
    dn: `uid=${uid},${ATEN}`,
    nom: NOMS[(i >> 3) % 8],
    prenom: PRENOMS[i % 8],
    ...(kind === 'ELV' ? { dateNaissance: `20${10 + (i % 6)}-0${1 + (i % 9)}-1${i % 10}` } : {}),
    codePostal: `340${String(i % 100).padStart(2, '0')}`,
    profiles: [`National_${kind}`],
    uais: ['0340000X'],
    jointure: `AC-MONTPELLIER$${String(1000000 + i)}`,
    children: kind === 'TUT' ? [`uid=enfant.a${i},${ATEN}`, `uid=enfant.b${i},${ATEN}`] : []
  }
  people.push(person)
  links.push({ uai: '0340000X', idpn: `A8BT6EGHDW${String(i).padStart(6, '0')}`.slice(0, 16), uid, category: kind === 'ELV' ? 1 : kind === 'TUT' ? 2 : 3, source: 'import', linkedAt: '2025-09-01' })
}
const linkStore = new MemoryLinkStore(links)

const used = async () => {
  const info = await redis.info('memory')
  return Number(/used_memory:(\d+)/.exec(info)[1])
}
await redis.flushall()
const before = await used()
const now = Date.now()
const tgts = []
for (let i = 0; i < count; i += 200) {
  await Promise.all(people.slice(i, i + 200).map(async (person) => {
    const tgt = { id: newTicketId('TGT'), person: sessionPerson(person), authenticatedAt: now, rememberMe: false, expiresAt: now + 8 * 3600_000, idleMs: 2 * 3600_000 }
    await store.createSession(tgt)
    tgts.push(tgt)
  }))
}
const afterTgt = await used()
let stBytes = 0
for (let i = 0; i < count; i += 200) {
  await Promise.all(tgts.slice(i, i + 200).map(async (tgt) => {
    const ticket = {
      id: newTicketId('ST'),
      service: match.url.url,
      serviceKey: match.service.id,
      tgtId: tgt.id,
      user: principalFor(match.service, tgt.person),
      attributes: await releaseAttributes(match.service, tgt.person, match.url.url, linkStore),
      fromNewLogin: true,
      authenticatedAt: tgt.authenticatedAt,
      rememberMe: false,
      proxies: [],
      attributeStyle: match.service.attributeStyle,
      singleLogout: match.service.singleLogout
    }
    stBytes += JSON.stringify(ticket).length
    await store.addServiceTicket(ticket, 300)
  }))
}
const afterSt = await used()
// Steady state: the ST is consumed (validated) within seconds, its index entry lives on with the TGT.
const stIds = (await redis.keys('sesame:st:*')).map((k) => k.slice('sesame:st:'.length))
for (let i = 0; i < stIds.length; i += 500) await Promise.all(stIds.slice(i, i + 500).map((id) => store.consumeServiceTicket(id)))
const afterConsume = await used()
const sampleTgt = await redis.lindex(store.sessionKey(tgts[0].id), 0)
const keys = await redis.dbsize()
await redis.quit()
process.stdout.write(JSON.stringify({
  count,
  keys,
  tgtBytes: (afterTgt - before) / count,
  stBytes: (afterSt - afterTgt) / count,
  totalBytes: (afterSt - before) / count,
  steadyBytes: (afterConsume - before) / count,
  indexBytes: (afterConsume - afterTgt) / count,
  tgtValueBytes: Buffer.byteLength(sampleTgt),
  stJsonBytes: stBytes / count
}) + '\n')
