import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import Fastify, { type FastifyInstance } from 'fastify'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import t, { type Test } from 'tap'
import type { PronoteLink } from '../../../src/pronote/LinkStore.js'
import { MemoryLinkStore } from '../../../src/pronote/MemoryLinkStore.js'
import { issueLoginToken } from '../../../src/protocol/loginToken.js'
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

const now = (): number => Math.floor(Date.now() / 1000)

/** The claims of a good admin token, changed by `claims` (undefined removes one). */
function claimsOf (claims: Record<string, unknown> = {}): Record<string, unknown> {
  const payload: Record<string, unknown> = { sub: 'admin', aud: 'sesame-admin', uai: '*', iat: now(), exp: now() + 300, ...claims }
  for (const k of Object.keys(payload)) if (payload[k] === undefined) delete payload[k]
  return payload
}

const token = async (claims: Record<string, unknown> = {}, secret = SECRET): Promise<string> =>
  await new SignJWT(claimsOf(claims)).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret))

async function build (t: Test, opts: Partial<AdminRoutesOptions> = {}, lines?: string[]): Promise<{ app: FastifyInstance, store: MemoryLinkStore, auth: string }> {
  const store = new MemoryLinkStore([old])
  const stream = new Writable({ write (chunk, _enc, cb) { lines?.push(String(chunk)); cb() } })
  const app = Fastify(lines === undefined ? {} : { logger: { level: 'info', stream } })
  await app.register(adminRoutes, { prefix: '/cas/admin/api', linkStore: store, directories: [directory], registry: registry(), adminJwtSecret: SECRET, ...opts })
  t.teardown(async () => { await app.close() })
  return { app, store, auth: `Bearer ${await token()}` }
}

t.test('every route requires a valid Bearer JWT: 401 in French otherwise', async (t) => {
  const { app } = await build(t)
  const url = '/cas/admin/api/establishments/0340000X/links'
  for (const authorization of [undefined, 'Basic abc', `Bearer ${await token({}, 'another-secret-of-at-least-32-characters')}`, `Bearer ${await token({ iat: now() - 120, exp: now() - 60 })}`, 'Bearer not.a.jwt',
    `Bearer ${await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET))}`]) {
    const res = await app.inject({ url, headers: authorization === undefined ? {} : { authorization } })
    t.equal(res.statusCode, 401, String(authorization))
    t.match(res.json(), { error: 'unauthorized', message: /Authentification requise|Jeton d'administration (invalide|refusé)/ })
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
  const jwt = await new SignJWT(claimsOf()).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(privateKey)
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

const auditOf = (lines: string[]): Array<Record<string, unknown>> =>
  lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.audit !== undefined)

t.test('a token is refused unless meant for the admin API: aud, iss when configured, sub, iat, and a life of at most 24 h', async (t) => {
  const lines: string[] = []
  const { app, store } = await build(t, { adminJwtIssuer: 'https://idp.example.fr' }, lines)
  const iss = 'https://idp.example.fr'
  const url = '/cas/admin/api/establishments/0340000X/links/H3JD8SKW2MCV6TQE'
  t.equal((await app.inject({ method: 'PUT', url, headers: { authorization: `Bearer ${await token({ iss })}` }, payload: { uid: 'lea.dupont', category: 1 } })).statusCode, 200, 'a token meeting every rule is accepted')
  await store.unlink('0340000X', 'H3JD8SKW2MCV6TQE')
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['no aud', { iss, aud: undefined }, 'audience', /audience \(aud\) « sesame-admin »/],
    ['another aud', { iss, aud: 'sesame:login' }, 'audience', /audience/],
    ['no iss while ADMIN_JWT_ISSUER is set', {}, 'issuer', /émetteur \(iss\)/],
    ['another iss', { iss: 'https://evil.example' }, 'issuer', /émetteur/],
    ['no sub', { iss, sub: undefined }, 'subject', /sujet \(sub\) manquant/],
    ['an empty sub', { iss, sub: ' ' }, 'subject', /sujet/],
    ['no iat', { iss, iat: undefined }, 'issued_at', /date d'émission/],
    ['an iat in the future', { iss, iat: now() + 3600, exp: now() + 7200 }, 'issued_at', /date d'émission/],
    ['a life over 24 h', { iss, iat: now(), exp: now() + 86_401 }, 'lifetime', /supérieure à 24 h/],
    ['an iat older than 24 h', { iss, iat: now() - 86_401, exp: now() + 60 }, 'token_expired', /invalide ou expiré/]
  ]
  for (const [name, claims, reason, message] of cases) {
    const res = await app.inject({ method: 'PUT', url, headers: { authorization: `Bearer ${await token(claims)}` }, payload: { uid: 'lea.dupont', category: 1 } })
    t.equal(res.statusCode, 401, name)
    t.match(res.json(), { error: 'unauthorized', message }, name)
    t.match(auditOf(lines).at(-1), { audit: 'admin.refused', reason, status: 401, uai: '0340000X' }, `${name}: audited`)
  }
  t.same(await store.listEstablishment('0340000X'), [old], 'nothing changed')
  t.equal(auditOf(lines).filter((e) => e.reason === 'audience').every((e) => e.admin === 'admin'), true, 'a signed token\'s refusal names its sub')
  t.equal(auditOf(lines).filter((e) => e.audit === 'admin.link').length, 1)
})

t.test('a life of exactly 24 h is allowed; ADMIN_JWT_AUDIENCE replaces the default audience', async (t) => {
  const { app } = await build(t, { adminJwtAudience: 'sesame-admin-prod' })
  const get = async (claims: Record<string, unknown>): Promise<number> =>
    (await app.inject({ url: '/cas/admin/api/establishments/0340000X/links', headers: { authorization: `Bearer ${await token(claims)}` } })).statusCode
  const iat = now()
  t.equal(await get({ aud: 'sesame-admin-prod', iat, exp: iat + 86_400 }), 200)
  t.equal(await get({ aud: ['other', 'sesame-admin-prod'] }), 200, 'one of several audiences')
  t.equal(await get({ aud: 'sesame-admin' }), 401, 'the default no longer')
})

t.test('the uai claim scopes a token: outside its list, 403 in French, audited with the sub, and nothing changed', async (t) => {
  const lines: string[] = []
  const { app, store } = await build(t, {}, lines)
  const auth = `Bearer ${await token({ sub: 'claire.moreau', uai: ['0750001A'] })}`
  const calls = [
    { method: 'GET' as const, url: '/cas/admin/api/establishments/0340000X/links' },
    { method: 'GET' as const, url: '/cas/admin/api/establishments/0340000x/links.csv' },
    { method: 'PUT' as const, url: '/cas/admin/api/establishments/0340000X/links/H3JD8SKW2MCV6TQE', payload: { uid: 'lea.dupont', category: 1 } },
    { method: 'DELETE' as const, url: '/cas/admin/api/establishments/0340000X/links/OLD1' },
    { method: 'POST' as const, url: '/cas/admin/api/establishments/0340000X/imports?mode=full', payload: SAMPLE, headers: { 'content-type': 'application/xml' } }
  ]
  for (const call of calls) {
    const res = await app.inject({ ...call, headers: { ...call.headers, authorization: auth } })
    t.equal(res.statusCode, 403, `${call.method} ${call.url}`)
    t.same(res.json(), { error: 'forbidden', message: 'Établissement 0340000X hors du périmètre de ce jeton d\'administration' })
  }
  t.same(await store.listEstablishment('0340000X'), [old], 'nothing changed')
  const refused = auditOf(lines)
  t.equal(refused.length, calls.length)
  for (const e of refused) t.match(e, { audit: 'admin.refused', reason: 'out_of_scope', status: 403, uai: '0340000X', admin: 'claire.moreau' })
  t.equal((await app.inject({ url: '/cas/admin/api/establishments/0750001A/links', headers: { authorization: auth } })).statusCode, 200, 'its own establishment is allowed')
})

t.test('"*" allows every establishment; the UAIs of a scope and of a path compare case-insensitively', async (t) => {
  const { app, store } = await build(t)
  const put = async (claims: Record<string, unknown>, uai: string, idpn: string): Promise<number> =>
    (await app.inject({ method: 'PUT', url: `/cas/admin/api/establishments/${uai}/links/${idpn}`, headers: { authorization: `Bearer ${await token(claims)}` }, payload: { uid: 'lea.dupont', category: 1 } })).statusCode
  t.equal(await put({ uai: '*' }, '0340000X', 'H3JD8SKW2MCV6TQE'), 200)
  await store.unlink('0340000X', 'H3JD8SKW2MCV6TQE')
  t.equal(await put({ uai: ['0340000x'] }, '0340000X', 'H3JD8SKW2MCV6TQE'), 200, 'lower case in the token')
  await store.unlink('0340000X', 'H3JD8SKW2MCV6TQE')
  t.equal(await put({ uai: ['0750001A', '0340000X'] }, '0340000x', 'H3JD8SKW2MCV6TQE'), 200, 'lower case in the path')
  t.match(await store.linksOf('lea.dupont', '0340000X'), [{ idpn: 'H3JD8SKW2MCV6TQE' }])
  const list = await app.inject({ url: '/cas/admin/api/establishments/0340000x/links', headers: { authorization: `Bearer ${await token({ uai: ['0340000X'] })}` } })
  t.equal(list.statusCode, 200)
})

t.test('a token without a valid uai claim is refused with 403 in French, whatever the establishment', async (t) => {
  const lines: string[] = []
  const { app } = await build(t, {}, lines)
  for (const uai of [undefined, '', 'all', '0340000X', [], ['0340000'], ['*'], { '0340000X': true }]) {
    const res = await app.inject({ url: '/cas/admin/api/establishments/0340000X/links', headers: { authorization: `Bearer ${await token({ uai })}` } })
    t.equal(res.statusCode, 403, JSON.stringify(uai) ?? 'no uai')
    t.match(res.json(), { error: 'forbidden', message: /^Jeton d'administration sans périmètre valide \(revendication uai\)/ })
  }
  t.ok(auditOf(lines).every((e) => e.audit === 'admin.refused' && e.reason === 'scope_invalid' && e.admin === 'admin'))
  t.equal(auditOf(lines).length, 8)
})

t.test('the login form\'s execution token is refused as an admin token, even signed with the same key', async (t) => {
  const { app } = await build(t)
  const execution = await issueLoginToken([SECRET], 900, 'a-browser-cookie-value')
  const res = await app.inject({ url: '/cas/admin/api/establishments/0340000X/links', headers: { authorization: `Bearer ${execution}` } })
  t.equal(res.statusCode, 401)
  t.match(res.json(), { error: 'unauthorized' })
})
