import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import Fastify, { type FastifyInstance } from 'fastify'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import t, { type Test } from 'tap'
import type { PronoteLink } from '../../../src/pronote/LinkStore.js'
import { MemoryLinkStore } from '../../../src/pronote/MemoryLinkStore.js'
import adminRoutes, { type AdminRoutesOptions } from '../../../src/routes/admin/index.js'
import { parseServices } from '../../../src/services/parseServices.js'
import { ServiceRegistry } from '../../../src/services/ServiceRegistry.js'
import { fixture, memoryDirectory } from '../../fixtures/pronote/memoryDirectory.js'

const SECRET = 'a-test-secret-of-at-least-32-characters!'
const SAMPLE = readFileSync(fixture('IdPN_sample.xml'))
const directory = memoryDirectory([
  { uid: 'lea.dupont', nom: 'Dupont', prenom: 'Léa', dateNaissance: '2010-03-12', profiles: ['National_ELV'], jointure: 'AC-MONTPELLIER$1000001' },
  { uid: 'marc.dupont', nom: 'Dupont', prenom: 'Marc', profiles: ['National_TUT'], children: ['lea.dupont'] }
])
const registry = (userAttribute: 'uid' | 'jointure' = 'uid'): ServiceRegistry => new ServiceRegistry(parseServices([
  { id: 'pronote-0340000x', name: 'PRONOTE', serviceId: 'https://0340000x.index-education.net/pronote/**', uai: '0340000X', attributeRelease: 'pronote', userAttribute }
], 'test'))
const old: PronoteLink = { uai: '0340000X', idpn: 'OLD1', uid: 'someone', category: 1, source: 'import', linkedAt: '2025-09-01T00:00:00.000Z' }

const token = async (secret = SECRET, exp: string | number = '5m'): Promise<string> =>
  await new SignJWT({ sub: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime(exp).sign(new TextEncoder().encode(secret))

async function build (t: Test, opts: Partial<AdminRoutesOptions> = {}): Promise<{ app: FastifyInstance, store: MemoryLinkStore, auth: string }> {
  const store = new MemoryLinkStore([old])
  const app = Fastify()
  await app.register(adminRoutes, { prefix: '/cas/admin/api', linkStore: store, directories: [directory], registry: registry(), adminJwtSecret: SECRET, ...opts })
  t.teardown(async () => { await app.close() })
  return { app, store, auth: `Bearer ${await token()}` }
}

t.test('every route requires a valid Bearer JWT: 401 in French otherwise', async (t) => {
  const { app } = await build(t)
  const url = '/cas/admin/api/establishments/0340000X/links'
  for (const authorization of [undefined, 'Basic abc', `Bearer ${await token('another-secret-of-at-least-32-characters')}`, `Bearer ${await token(SECRET, Math.floor(Date.now() / 1000) - 60)}`, 'Bearer not.a.jwt',
    `Bearer ${await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET))}`]) {
    const res = await app.inject({ url, headers: authorization === undefined ? {} : { authorization } })
    t.equal(res.statusCode, 401, String(authorization))
    t.match(res.json(), { error: 'unauthorized', message: /Authentification requise|Jeton d'administration invalide/ })
    t.equal(res.headers['www-authenticate'], 'Bearer')
  }
  const upload = await app.inject({ method: 'POST', url: '/cas/admin/api/establishments/0340000X/imports?mode=full', headers: { 'content-type': 'application/xml' }, payload: SAMPLE })
  t.equal(upload.statusCode, 401, 'an unauthenticated upload is refused too')
})

t.test('tokens signed by a key of ADMIN_JWKS_URL are accepted', async (t) => {
  const { publicKey, privateKey } = await generateKeyPair('ES256')
  const jwk = { ...await exportJWK(publicKey), kid: 'k1', alg: 'ES256' }
  const server = createServer((_req, res) => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ keys: [jwk] })) })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { server.close() })
  const { app } = await build(t, { adminJwtSecret: undefined, adminJwksUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json` })
  const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setExpirationTime('5m').sign(privateKey)
  t.equal((await app.inject({ url: '/cas/admin/api/establishments/0340000X/links', headers: { authorization: `Bearer ${jwt}` } })).statusCode, 200)
  t.equal((await app.inject({ url: '/cas/admin/api/establishments/0340000X/links', headers: { authorization: `Bearer ${await token()}` } })).statusCode, 401, 'no secret, no HS256')
})

t.test('the plugin refuses to register without a secret or a JWKS URL', async (t) => {
  const app = Fastify()
  void app.register(adminRoutes, { linkStore: new MemoryLinkStore(), directories: [], registry: registry() })
  await t.rejects(async () => { await app.ready() }, /obligatoire/)
})

t.test('POST imports: the XML body is imported and the report returned as JSON', async (t) => {
  const { app, store, auth } = await build(t)
  const res = await app.inject({ method: 'POST', url: '/cas/admin/api/establishments/0340000x/imports?mode=full', headers: { authorization: auth, 'content-type': 'application/xml; charset=utf-8' }, payload: SAMPLE })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { uai: '0340000X', mode: 'full', committed: true, totals: { read: 8, matched: 2 } })
  t.same((await store.listEstablishment('0340000X')).map((l) => l.uid).sort(), ['lea.dupont', 'marc.dupont'])
})

t.test('POST imports with dryRun=true reports and writes nothing; text/xml is accepted', async (t) => {
  const { app, store, auth } = await build(t)
  const res = await app.inject({ method: 'POST', url: '/cas/admin/api/establishments/0340000X/imports?mode=partial&dryRun=true', headers: { authorization: auth, 'content-type': 'text/xml' }, payload: SAMPLE })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { dryRun: true, committed: false, mode: 'partial' })
  t.same(await store.listEstablishment('0340000X'), [old])
})

t.test('POST imports refuses bad input with a French reason and changes nothing', async (t) => {
  const { app, store, auth } = await build(t, { maxImportBytes: 1000 })
  const post = async (path: string, payload: string | Buffer, type = 'application/xml'): Promise<{ status: number, body: { error: string, message: string } }> => {
    const res = await app.inject({ method: 'POST', url: `/cas/admin/api/establishments/${path}`, headers: { authorization: auth, 'content-type': type }, payload })
    return { status: res.statusCode, body: res.json() }
  }
  const small = '<IdentifiantsPRONOTE UAI="0340000X"><Eleve IDPN="A1" Nom="X" Prenom="Y"/></IdentifiantsPRONOTE>'
  t.match(await post('0340000/imports?mode=full', small), { status: 400, body: { error: 'UAI_INVALID', message: /UAI « 0340000 » invalide/ } })
  t.match(await post('0340000X/imports?mode=all', small), { status: 400, body: { error: 'MODE_INVALID', message: /full ou partial/ } })
  t.match(await post('0340000X/imports', small), { status: 400, body: { message: /mode manquant/ } })
  t.match(await post('0340000X/imports?mode=full&dryRun=maybe', small), { status: 400, body: { error: 'DRY_RUN_INVALID' } })
  t.match(await post('0340000X/imports?mode=full', '<IdentifiantsPRONOTE UAI="0340000X"><Eleve IDPN="A1">'), { status: 400, body: { error: 'XML_MALFORMED', message: /^Import refusé : ligne 1 : XML mal formé/ } })
  t.match(await post('0340000X/imports?mode=full', readFileSync(fixture('billion-laughs.xml'), 'utf8').slice(0, 990)), { status: 400, body: { error: 'DTD_FORBIDDEN' } })
  t.match(await post('0750001A/imports?mode=full', small), { status: 400, body: { error: 'UAI_MISMATCH', message: /0340000X, pas de 0750001A/ } })
  t.match(await post('0340000X/imports?mode=full', SAMPLE), { status: 413, body: { error: 'TOO_LARGE', message: /trop volumineux/ } })
  t.match(await post('0340000X/imports?mode=full', small, 'application/pdf'), { status: 415, body: { message: /application\/xml/ } })
  t.same(await store.listEstablishment('0340000X'), [old])
})

t.test('GET links lists the establishment\'s links; links.csv exports them for PRONOTE', async (t) => {
  const { app, auth } = await build(t)
  const list = await app.inject({ url: '/cas/admin/api/establishments/0340000X/links', headers: { authorization: auth } })
  t.same(list.json(), [old])
  const csv = await app.inject({ url: '/cas/admin/api/establishments/0340000X/links.csv', headers: { authorization: auth } })
  t.equal(csv.statusCode, 200)
  t.match(csv.headers['content-type'], /^text\/csv; charset=utf-8/)
  t.match(csv.headers['content-disposition'], /liens-pronote-0340000X\.csv/)
  t.equal(csv.body, 'IDPN;Identifiant CAS\r\nOLD1;someone\r\n')
  t.equal((await app.inject({ url: '/cas/admin/api/establishments/X/links', headers: { authorization: auth } })).statusCode, 400)
})

t.test('the CSV carries cas:user as the establishment\'s service receives it: the joining key when its userAttribute says so', async (t) => {
  const { app, store, auth } = await build(t, { registry: registry('jointure') })
  await store.addLinks('0340000X', [{ ...old, idpn: 'A8BT6EGHDW3QFPXC', uid: 'lea.dupont' }])
  const csv = await app.inject({ url: '/cas/admin/api/establishments/0340000X/links.csv', headers: { authorization: auth } })
  t.equal(csv.body, 'IDPN;Identifiant CAS\r\nA8BT6EGHDW3QFPXC;AC-MONTPELLIER$1000001\r\nOLD1;someone\r\n', 'a person no longer in the directory keeps the uid')
})

t.test('PUT links/:idpn links by hand a person of the establishment; DELETE unlinks (404 if none)', async (t) => {
  const { app, store, auth } = await build(t)
  const url = '/cas/admin/api/establishments/0340000X/links/H3JD8SKW2MCV6TQE'
  const put = await app.inject({ method: 'PUT', url, headers: { authorization: auth }, payload: { uid: 'lea.dupont', category: 1 } })
  t.equal(put.statusCode, 200)
  t.match(put.json(), { uai: '0340000X', idpn: 'H3JD8SKW2MCV6TQE', uid: 'lea.dupont', category: 1, source: 'manual' })
  t.match(await store.linksOf('lea.dupont', '0340000X'), [{ idpn: 'H3JD8SKW2MCV6TQE', source: 'manual' }])
  t.match((await app.inject({ method: 'PUT', url, headers: { authorization: auth }, payload: { uid: 'nobody', category: 1 } })).json(), { error: 'PERSON_NOT_FOUND' })
  t.equal((await app.inject({ method: 'PUT', url, headers: { authorization: auth }, payload: { uid: 'lea.dupont', category: 7 } })).statusCode, 400)
  t.equal((await app.inject({ method: 'PUT', url: `${url}%20x`, headers: { authorization: auth }, payload: { uid: 'lea.dupont', category: 1 } })).statusCode, 400)
  t.equal((await app.inject({ method: 'PUT', url, headers: { authorization: auth }, payload: { uid: 'lea.dupont', category: 1 } })).statusCode, 200, 'linking the same IDPN again is harmless')
  const second = await app.inject({ method: 'PUT', url: '/cas/admin/api/establishments/0340000X/links/Z9XC4VB7NM2LK8JH', headers: { authorization: auth }, payload: { uid: 'lea.dupont', category: 1 } })
  t.equal(second.statusCode, 409, 'a second identifier for the same person and category is refused')
  t.match(second.json(), { error: 'ALREADY_LINKED', message: /lea\.dupont a déjà l'identifiant H3JD8SKW2MCV6TQE/ })
  t.same((await store.linksOf('lea.dupont', '0340000X')).map((l) => l.idpn), ['H3JD8SKW2MCV6TQE'], 'and nothing changed')
  t.equal((await app.inject({ method: 'DELETE', url, headers: { authorization: auth } })).statusCode, 204)
  const again = await app.inject({ method: 'DELETE', url, headers: { authorization: auth } })
  t.equal(again.statusCode, 404)
  t.match(again.json(), { error: 'LINK_NOT_FOUND', message: /Aucun lien pour l'IDPN H3JD8SKW2MCV6TQE/ })
})

t.test('a link store failure is a 500 without details', async (t) => {
  const { app, auth } = await build(t, { linkStore: { ...new MemoryLinkStore(), listEstablishment: async () => { throw new Error('redis down: secret detail') } } as never })
  const res = await app.inject({ url: '/cas/admin/api/establishments/0340000X/links', headers: { authorization: auth } })
  t.equal(res.statusCode, 500)
  t.same(res.json(), { error: 'internal', message: 'Erreur interne du serveur' })
})
