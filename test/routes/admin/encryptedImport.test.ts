import { generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import Fastify, { type FastifyInstance } from 'fastify'
import { SignJWT } from 'jose'
import t, { type Test } from 'tap'
import { encryptExport } from '../../../src/pronote/encryptExport.js'
import type { ExportPartner } from '../../../src/pronote/ExportPartner.js'
import { MemoryLinkStore } from '../../../src/pronote/MemoryLinkStore.js'
import adminRoutes from '../../../src/routes/admin/index.js'
import { parseServices } from '../../../src/services/parseServices.js'
import { ServiceRegistry } from '../../../src/services/ServiceRegistry.js'
import { fixture, memoryDirectory } from '../../fixtures/pronote/memoryDirectory.js'

const SECRET = 'a-test-secret-of-at-least-32-characters!'
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 })
const PARTNER: ExportPartner = { name: 'ENT-TEST', privateKey: keys.privateKey }
const ENCRYPTED = encryptExport(readFileSync(fixture('IdPN_sample.xml')), { partners: [{ name: 'ENT-TEST', publicKey: keys.publicKey }], uai: '0340000X' })
const directory = memoryDirectory([
  { uid: 'lea.dupont', nom: 'Dupont', prenom: 'Léa', dateNaissance: '2010-03-12', profiles: ['National_ELV'] },
  { uid: 'marc.dupont', nom: 'Dupont', prenom: 'Marc', profiles: ['National_TUT'], children: ['lea.dupont'] }
])
const registry = new ServiceRegistry(parseServices([{ id: 'p', name: 'PRONOTE', serviceId: 'https://0340000x.index-education.net/pronote/**', uai: '0340000X', attributeRelease: 'pronote' }], 'test'))

async function build (t: Test, partner?: ExportPartner): Promise<{ app: FastifyInstance, store: MemoryLinkStore, auth: string }> {
  const store = new MemoryLinkStore()
  const app = Fastify()
  await app.register(adminRoutes, { prefix: '/admin/api', linkStore: store, directories: [directory], registry, adminJwtSecret: SECRET, ...(partner === undefined ? {} : { partner }) })
  t.teardown(async () => { await app.close() })
  const jwt = await new SignJWT({ sub: 'admin', aud: 'sesame-admin', uai: '*' }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode(SECRET))
  return { app, store, auth: `Bearer ${jwt}` }
}
const upload = async (app: FastifyInstance, auth: string, payload: string): Promise<{ statusCode: number, json: () => unknown }> =>
  await app.inject({ method: 'POST', url: '/admin/api/establishments/0340000X/imports?mode=full', headers: { authorization: auth, 'content-type': 'application/xml' }, payload })

t.test('the admin API imports an export encrypted for its partner, as the command line does', async (t) => {
  const { app, store, auth } = await build(t, PARTNER)
  const res = await upload(app, auth, ENCRYPTED)
  t.equal(res.statusCode, 200)
  t.match(res.json(), { uai: '0340000X', committed: true, totals: { read: 8, matched: 2 } })
  t.same((await store.listEstablishment('0340000X')).map((l) => l.uid).sort(), ['lea.dupont', 'marc.dupont'])
})

t.test('without partner settings, or with another partner\'s key, the admin API refuses it in French and writes nothing', async (t) => {
  const none = await build(t)
  t.match(await upload(none.app, none.auth, ENCRYPTED), { statusCode: 400 })
  t.match((await upload(none.app, none.auth, ENCRYPTED)).json(), { error: 'PARTNER_MISSING', message: /^Import refusé : fichier chiffré .*PRONOTE_PARTNER_NAME/ })
  const other = await build(t, { name: 'ENT-TEST', privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey })
  t.match((await upload(other.app, other.auth, ENCRYPTED)).json(), { error: 'KEY_MISMATCH' })
  t.same(await none.store.listEstablishment('0340000X'), [])
  t.same(await other.store.listEstablishment('0340000X'), [])
})
