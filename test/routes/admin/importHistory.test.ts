import { readFileSync } from 'node:fs'
import { Writable } from 'node:stream'
import Fastify, { type FastifyInstance } from 'fastify'
import { SignJWT } from 'jose'
import t, { type Test } from 'tap'
import type { PronoteLink } from '../../../src/pronote/LinkStore.js'
import { MemoryLinkStore } from '../../../src/pronote/MemoryLinkStore.js'
import adminRoutes from '../../../src/routes/admin/index.js'
import { parseServices } from '../../../src/services/parseServices.js'
import { ServiceRegistry } from '../../../src/services/ServiceRegistry.js'
import { fixture, memoryDirectory } from '../../fixtures/pronote/memoryDirectory.js'

const SECRET = 'a-test-secret-of-at-least-32-characters!'
const SAMPLE = readFileSync(fixture('IdPN_sample.xml'))
const SMALL = '<IdentifiantsPRONOTE UAI="0340000X"><Eleve IDPN="A8BT6EGHDW3QFPXC" Nom="DUPONT" Prenom="Léa" DateNaissance="12/03/2010"/></IdentifiantsPRONOTE>'
const directory = memoryDirectory([
  { uid: 'lea.dupont', nom: 'Dupont', prenom: 'Léa', dateNaissance: '2010-03-12', profiles: ['National_ELV'] },
  { uid: 'marc.dupont', nom: 'Dupont', prenom: 'Marc', profiles: ['National_TUT'], children: ['lea.dupont'] }
])
const registry = new ServiceRegistry(parseServices([
  { id: 'pronote-0340000x', name: 'PRONOTE', serviceId: 'https://0340000x.index-education.net/pronote/**', uai: '0340000X', attributeRelease: 'pronote' }
], 'test'))
const link = (idpn: string, uid: string): PronoteLink => ({ uai: '0340000X', idpn, uid, category: 1, source: 'import', linkedAt: '2025-09-01T00:00:00.000Z' })
const seven = ['A8BT6EGHDW3QFPXC', 'GONE000000000001', 'GONE000000000002', 'GONE000000000003', 'GONE000000000004', 'GONE000000000005', 'GONE000000000006']
  .map((idpn, i) => link(idpn, i === 0 ? 'lea.dupont' : `left${i}`))

async function build (t: Test): Promise<{ app: FastifyInstance, store: MemoryLinkStore, logs: Array<Record<string, unknown>>, headers: Record<string, string> }> {
  const store = new MemoryLinkStore(seven)
  const logs: Array<Record<string, unknown>> = []
  const stream = new Writable({ write (chunk: Buffer, _e, done) { logs.push(JSON.parse(chunk.toString()) as Record<string, unknown>); done() } })
  const app = Fastify({ logger: { level: 'info', stream } })
  await app.register(adminRoutes, { prefix: '/admin/api', linkStore: store, directories: [directory], registry, adminJwtSecret: SECRET })
  t.teardown(async () => { await app.close() })
  const jwt = await new SignJWT({ sub: 'mme.proviseure', aud: 'sesame-admin', uai: '*' }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode(SECRET))
  return { app, store, logs, headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/xml' } }
}

t.test('POST imports answers 409 with the report when a full import would remove too many links; force=true goes ahead', async (t) => {
  const { app, store, logs, headers } = await build(t)
  const url = '/admin/api/establishments/0340000X/imports?mode=full'
  const stopped = await app.inject({ method: 'POST', url, headers, payload: SMALL })
  t.equal(stopped.statusCode, 409)
  t.match(stopped.json(), {
    error: 'TOO_MANY_REMOVALS',
    message: /^Import arrêté : l'import supprimerait 6 lien\(s\) sur 7/,
    report: { written: false, removalLimit: { links: 7, limit: 5, removals: 6, exceeded: true }, changes: { totals: { removed: 6, unchanged: 1 }, removed: [{ idpn: 'GONE000000000001', uid: 'left1', source: 'import' }] } }
  })
  t.equal((await store.listEstablishment('0340000X')).length, 7, 'nothing written')
  t.match(logs.find((l) => l.audit === 'admin.import.refused'), { admin: 'mme.proviseure', code: 'TOO_MANY_REMOVALS' })
  const dry = await app.inject({ method: 'POST', url: `${url}&dryRun=true`, headers, payload: SMALL })
  t.equal(dry.statusCode, 200)
  t.match(dry.json(), { written: false, dryRun: true, removalLimit: { exceeded: true } }, 'a dry run says nothing was written')
  t.equal((await app.inject({ method: 'POST', url: `${url}&force=maybe`, headers, payload: SMALL })).statusCode, 400)
  const forced = await app.inject({ method: 'POST', url: `${url}&force=true`, headers, payload: SMALL })
  t.equal(forced.statusCode, 200)
  t.match(forced.json(), { written: true, removalLimit: { forced: true } })
  t.same((await store.listEstablishment('0340000X')).map((l) => l.idpn), ['A8BT6EGHDW3QFPXC'])
})

t.test('GET imports lists the establishment\'s imports (who is the admin\'s sub); POST imports/undo restores the links of before', async (t) => {
  const { app, store, headers } = await build(t)
  const empty = await app.inject({ url: '/admin/api/establishments/0340000X/imports', headers })
  t.same(empty.json(), [])
  await app.inject({ method: 'POST', url: '/admin/api/establishments/0340000X/imports?mode=full&force=true', headers, payload: SAMPLE })
  const history = await app.inject({ url: '/admin/api/establishments/0340000X/imports', headers })
  t.equal(history.statusCode, 200)
  t.match(history.json(), [{ by: 'mme.proviseure', mode: 'full', sha256: /^[0-9a-f]{64}$/, entries: 8, counts: { created: 1, unchanged: 1, removed: 6 } }])
  t.notOk('idpns' in (history.json() as object[])[0]!, 'the file\'s IDPNs stay in the store')
  const undo = await app.inject({ method: 'POST', url: '/admin/api/establishments/0340000X/imports/undo', headers: { authorization: headers.authorization ?? '' } })
  t.equal(undo.statusCode, 200)
  t.match(undo.json(), { uai: '0340000X', undone: { by: 'mme.proviseure' }, links: 7 })
  t.same(await store.listEstablishment('0340000X'), seven)
  const none = await app.inject({ method: 'POST', url: '/admin/api/establishments/0340000X/imports/undo', headers: { authorization: headers.authorization ?? '' } })
  t.equal(none.statusCode, 404)
  t.match(none.json(), { error: 'NOTHING_TO_UNDO', message: /Aucun import à annuler pour l'établissement 0340000X/ })
})

t.test('an unknown UAI is refused by the API too (nobody in the directories)', async (t) => {
  const { app, headers } = await build(t)
  const res = await app.inject({ method: 'POST', url: '/admin/api/establishments/0999999Z/imports?mode=full', headers, payload: '<IdentifiantsPRONOTE UAI="0999999Z"><Eleve IDPN="A1" Nom="X" Prenom="Y"/></IdentifiantsPRONOTE>' })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { error: 'UAI_UNKNOWN', message: /établissement 0999999Z inconnu/ })
})
