import Fastify, { type FastifyInstance } from 'fastify'
import { SignJWT } from 'jose'
import t, { type Test } from 'tap'
import type { PronoteLink } from '../../../src/pronote/LinkStore.js'
import { MemoryLinkStore } from '../../../src/pronote/MemoryLinkStore.js'
import adminRoutes from '../../../src/routes/admin/index.js'
import { parseServices } from '../../../src/services/parseServices.js'
import { ServiceRegistry } from '../../../src/services/ServiceRegistry.js'
import { memoryDirectory } from '../../fixtures/pronote/memoryDirectory.js'

const SECRET = 'a-test-secret-of-at-least-32-characters!'
const URL = '/admin/api/establishments/0340000X'
const old: PronoteLink = { uai: '0340000X', idpn: 'OLD1', uid: 'someone', category: 1, source: 'import', linkedAt: '2025-09-01T00:00:00.000Z' }

interface Answer { status: number, body: { error: string, message: string } }

/** The admin API on its own, one link in the store; `send` answers with status and JSON. */
async function api (t: Test): Promise<{ store: MemoryLinkStore, send: (method: 'PUT' | 'POST' | 'DELETE', path: string, payload?: unknown, type?: string) => Promise<Answer> }> {
  const store = new MemoryLinkStore()
  await store.addLinks('0340000X', [old])
  const app: FastifyInstance = Fastify()
  await app.register(adminRoutes, {
    prefix: '/admin/api',
    linkStore: store,
    directories: [memoryDirectory([{ uid: 'lea.dupont', nom: 'Dupont', prenom: 'Léa', profiles: ['National_ELV'] }])],
    registry: new ServiceRegistry(parseServices([{ id: 'p', name: 'PRONOTE', serviceId: 'https://0340000x.index-education.net/pronote/**', uai: '0340000X', attributeRelease: 'pronote' }], 'test')),
    adminJwtSecret: SECRET
  })
  t.teardown(async () => { await app.close() })
  const authorization = `Bearer ${await new SignJWT({ sub: 'admin', aud: 'sesame-admin', uai: '*' }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode(SECRET))}`
  return {
    store,
    send: async (method, path, payload, type) => {
      const res = await app.inject({ method, url: URL + path, headers: { authorization, ...(type === undefined ? {} : { 'content-type': type }) }, ...(payload === undefined ? {} : { payload: payload as string }) })
      return { status: res.statusCode, body: res.json() }
    }
  }
}

/** A refused request: 400 with the field's code and French message, and the store unchanged. */
async function refused (t: Test, a: Awaited<ReturnType<typeof api>>, answer: Answer, code: string, message: RegExp): Promise<void> {
  t.equal(answer.status, 400)
  t.match(answer.body, { error: code, message })
  t.same(await a.store.listEstablishment('0340000X'), [old], 'nothing changed')
}

t.test('a link PUT whose body lacks category gets 400 with a French message naming category', async (t) => {
  const a = await api(t)
  await refused(t, a, await a.send('PUT', '/links/H3JD8SKW2MCV6TQE', { uid: 'lea.dupont' }), 'CATEGORY_INVALID', /^Champ category invalide : 1 \(élève\)/)
})

t.test('a link PUT whose body lacks uid, or gives a blank or too long one, gets 400 naming uid', async (t) => {
  const a = await api(t)
  for (const uid of [undefined, '   ', 'x'.repeat(257), 42]) {
    await refused(t, a, await a.send('PUT', '/links/H3JD8SKW2MCV6TQE', { uid, category: 1 }), 'UID_INVALID', /^Champ uid manquant ou invalide$/)
  }
})

t.test('the JSON body is taken as sent: a category or a move written as text is refused, not converted', async (t) => {
  const a = await api(t)
  await refused(t, a, await a.send('PUT', '/links/H3JD8SKW2MCV6TQE', { uid: 'lea.dupont', category: '1' }), 'CATEGORY_INVALID', /category/)
  await refused(t, a, await a.send('PUT', '/links/H3JD8SKW2MCV6TQE', { uid: 'lea.dupont', category: 1, move: 'true' }), 'MOVE_INVALID', /^Champ move invalide : true ou false attendu$/)
})

t.test('a link PUT whose body is not a JSON object gets 400 saying so', async (t) => {
  const a = await api(t)
  await refused(t, a, await a.send('PUT', '/links/H3JD8SKW2MCV6TQE', '[1, 2]', 'application/json'), 'bad_request', /^Requête invalide : corps JSON \(objet\) attendu$/)
  await refused(t, a, await a.send('PUT', '/links/H3JD8SKW2MCV6TQE'), 'bad_request', /corps JSON/)
})

t.test('an IDPN of the wrong shape in the path gets 400 IDPN_INVALID naming it, on PUT and DELETE', async (t) => {
  const a = await api(t)
  await refused(t, a, await a.send('PUT', '/links/OLD1.x', { uid: 'lea.dupont', category: 1 }), 'IDPN_INVALID', /^IDPN « OLD1\.x » invalide$/)
  await refused(t, a, await a.send('DELETE', '/links/OLD1%20'), 'IDPN_INVALID', /^IDPN « OLD1  » invalide$/)
})

t.test('an import names its query parameters in its refusals: mode missing or invalid, dryRun and force true or false', async (t) => {
  const a = await api(t)
  const post = async (query: string): Promise<Answer> => await a.send('POST', `/imports${query}`, '<IdentifiantsPRONOTE UAI="0340000X"/>', 'application/xml')
  await refused(t, a, await post(''), 'MODE_INVALID', /^Paramètre mode manquant : full ou partial$/)
  await refused(t, a, await post('?mode=everything'), 'MODE_INVALID', /^Paramètre mode invalide : full ou partial attendu$/)
  await refused(t, a, await post('?mode=full&mode=full'), 'MODE_INVALID', /mode invalide/)
  await refused(t, a, await post('?mode=full&dryRun=maybe'), 'DRY_RUN_INVALID', /^Paramètre dryRun invalide : true ou false attendu$/)
  await refused(t, a, await post('?mode=full&force=yes'), 'FORCE_INVALID', /^Paramètre force invalide : true ou false attendu$/)
})
