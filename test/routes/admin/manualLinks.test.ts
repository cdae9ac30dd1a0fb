import { readFileSync } from 'node:fs'
import { Writable } from 'node:stream'
import Fastify, { type FastifyInstance } from 'fastify'
import { SignJWT } from 'jose'
import t, { type Test } from 'tap'
import { MemoryLinkStore } from '../../../src/pronote/MemoryLinkStore.js'
import adminRoutes from '../../../src/routes/admin/index.js'
import { parseServices } from '../../../src/services/parseServices.js'
import { ServiceRegistry } from '../../../src/services/ServiceRegistry.js'
import { fixture, memoryDirectory } from '../../fixtures/pronote/memoryDirectory.js'

const SECRET = 'a-test-secret-of-at-least-32-characters!'
const SAMPLE = readFileSync(fixture('IdPN_sample.xml'))
const directory = memoryDirectory([
  { uid: 'lea.dupont', nom: 'Dupont', prenom: 'Léa', dateNaissance: '2010-03-12', profiles: ['National_ELV'] },
  { uid: 'hugo.martin1', nom: 'Martin', prenom: 'Hugo', dateNaissance: '2010-05-05', profiles: ['National_ELV'] },
  { uid: 'hugo.martin2', nom: 'Martin', prenom: 'Hugo', dateNaissance: '2010-05-05', profiles: ['National_ELV'] },
  { uid: 'marc.dupont', nom: 'Dupont', prenom: 'Marc', profiles: ['National_TUT'], children: ['lea.dupont'] },
  { uid: 'elodie.roux', nom: 'Roux', prenom: 'Élodie', profiles: ['National_TUT'], children: ['someone.else'] },
  { uid: 'asl', nom: 'Lefevre', prenom: 'Anne Sophie', profiles: ['National_ENS'] },
  { uid: 'paul.garcia', nom: 'García', prenom: 'Paul', profiles: ['National_EVS'] }
])
const registry = new ServiceRegistry(parseServices([
  { id: 'pronote-0340000x', name: 'PRONOTE', serviceId: 'https://0340000x.index-education.net/pronote/**', uai: '0340000X', attributeRelease: 'pronote' }
], 'test'))

interface Built { app: FastifyInstance, auth: string, store: MemoryLinkStore, logs: Array<Record<string, unknown>>, put: (idpn: string, body: unknown) => Promise<{ status: number, body: Record<string, unknown> }> }

/** The admin API with a real pino logger, so the audit lines (and who made them) can be read. */
async function build (t: Test, imported: boolean): Promise<Built> {
  const store = new MemoryLinkStore()
  const logs: Array<Record<string, unknown>> = []
  const stream = new Writable({ write (chunk: Buffer, _e, done) { logs.push(JSON.parse(chunk.toString()) as Record<string, unknown>); done() } })
  const app = Fastify({ logger: { level: 'info', stream } })
  await app.register(adminRoutes, { prefix: '/admin/api', linkStore: store, directories: [directory], registry, adminJwtSecret: SECRET })
  t.teardown(async () => { await app.close() })
  const authorization = `Bearer ${await new SignJWT({ sub: 'mme.proviseure', aud: 'sesame-admin', uai: '*' }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode(SECRET))}`
  if (imported) {
    const res = await app.inject({ method: 'POST', url: '/admin/api/establishments/0340000X/imports?mode=full', headers: { authorization, 'content-type': 'application/xml' }, payload: SAMPLE })
    t.equal(res.statusCode, 200, res.body)
  }
  const put = async (idpn: string, body: unknown): Promise<{ status: number, body: Record<string, unknown> }> => {
    const res = await app.inject({ method: 'PUT', url: `/admin/api/establishments/0340000X/links/${idpn}`, headers: { authorization }, payload: body as Record<string, unknown> })
    return { status: res.statusCode, body: res.json() }
  }
  return { app, auth: authorization, store, logs, put }
}

/** Asks for a link the rules refuse: the answer, and the links unchanged. */
async function refused (t: Test, b: Built, idpn: string, body: unknown, status: number, code: string, message: RegExp): Promise<void> {
  const before = await b.store.listEstablishment('0340000X')
  const res = await b.put(idpn, body)
  t.equal(res.status, status, `${idpn} ${JSON.stringify(body)}`)
  t.match(res.body, { error: code, message })
  t.same(await b.store.listEstablishment('0340000X'), before, 'a refusal changes nothing')
  t.match(b.logs.at(-2), { audit: 'admin.link.refused', admin: 'mme.proviseure', uai: '0340000X', idpn, code }, 'and is audited with the admin\'s sub')
}

t.test('the exploit of issue #12 is refused: a staff member cannot take a pupil\'s IDPN as a pupil', async (t) => {
  for (const imported of [false, true]) {
    const b = await build(t, imported)
    await refused(t, b, 'H3JD8SKW2MCV6TQE', { uid: 'paul.garcia', category: 1 }, 422, 'CATEGORY_NOT_HELD', /paul\.garcia n'est pas élève \(1\) d'après ses profils \(National_EVS\)/)
  }
})

t.test('the category must be one the person holds, whatever the IDPN', async (t) => {
  const b = await build(t, false)
  await refused(t, b, 'K9M2N4B6V8C1X3ZA', { uid: 'lea.dupont', category: 3 }, 422, 'CATEGORY_NOT_HELD', /lea\.dupont n'est pas professeur \(3\)/)
  await refused(t, b, 'K9M2N4B6V8C1X3ZA', { uid: 'asl', category: 4 }, 422, 'CATEGORY_NOT_HELD', /possible\(s\) professeur \(3\)/)
  t.equal((await b.put('K9M2N4B6V8C1X3ZA', { uid: 'asl', category: 3 })).status, 200)
})

t.test('the IDPN must have the shape PRONOTE gives: 16 capital letters and digits', async (t) => {
  const b = await build(t, false)
  for (const idpn of ['x', 'h3jd8skw2mcv6tqe', 'H3JD8SKW2MCV6TQ', 'H3JD8SKW2MCV6TQE1', 'H3JD8SKW2MCV6T_E']) {
    await refused(t, b, idpn, { uid: 'hugo.martin1', category: 1 }, 422, 'IDPN_SHAPE', /16 lettres majuscules et chiffres/)
  }
})

t.test('the person must belong to the establishment; a parent must have a child there', async (t) => {
  const b = await build(t, false)
  await refused(t, b, 'H3JD8SKW2MCV6TQE', { uid: 'nobody', category: 1 }, 404, 'PERSON_NOT_FOUND', /Aucune personne « nobody »/)
  await refused(t, b, 'W2ER5TY8UI3OP6AS', { uid: 'elodie.roux', category: 2 }, 422, 'NO_CHILD_HERE', /elodie\.roux n'a aucun enfant élève de l'établissement 0340000X/)
  t.equal((await b.put('P4LK9JH2GF6DS3AQ', { uid: 'marc.dupont', category: 2 })).status, 200)
})

t.test('once the establishment is imported, the IDPN must be one of its last import, in that category', async (t) => {
  const b = await build(t, true)
  await refused(t, b, 'AAAAAAAAAAAAAAAA', { uid: 'hugo.martin1', category: 1 }, 409, 'IDPN_NOT_IN_LAST_IMPORT', /ne figure pas dans le dernier import/)
  await refused(t, b, 'R5T7Y9U1I3O5P7AS', { uid: 'hugo.martin1', category: 1 }, 409, 'IDPN_NOT_IN_LAST_IMPORT', /celui d'un personnel \(4\) dans le dernier import/)
  const ok = await b.put('H3JD8SKW2MCV6TQE', { uid: 'hugo.martin1', category: 1 })
  t.equal(ok.status, 200, 'an entry the import left ambiguous is linked by hand')
  t.match(ok.body, { idpn: 'H3JD8SKW2MCV6TQE', uid: 'hugo.martin1', source: 'manual' })
  t.match(b.logs.at(-2), { audit: 'admin.link', admin: 'mme.proviseure' })
})

t.test('an IDPN linked to someone else moves only when the request says so', async (t) => {
  const b = await build(t, true)
  t.equal((await b.put('H3JD8SKW2MCV6TQE', { uid: 'hugo.martin1', category: 1 })).status, 200)
  await refused(t, b, 'H3JD8SKW2MCV6TQE', { uid: 'hugo.martin2', category: 1 }, 409, 'IDPN_TAKEN', /déjà lié à hugo\.martin1 : demandez explicitement de le déplacer/)
  await refused(t, b, 'H3JD8SKW2MCV6TQE', { uid: 'hugo.martin2', category: 1, move: false }, 409, 'IDPN_TAKEN', /déjà lié/)
  t.equal((await b.put('H3JD8SKW2MCV6TQE', { uid: 'hugo.martin2', category: 1, move: 'yes' })).status, 400, 'move is a boolean')
  const moved = await b.put('H3JD8SKW2MCV6TQE', { uid: 'hugo.martin2', category: 1, move: true })
  t.equal(moved.status, 200)
  t.same(await b.store.linksOf('hugo.martin1', '0340000X'), [], 'the IDPN left its previous person')
  t.match(await b.store.linksOf('hugo.martin2', '0340000X'), [{ idpn: 'H3JD8SKW2MCV6TQE', source: 'manual' }])
})

t.test('a person keeps one identifier per category, moved IDPN or not', async (t) => {
  const b = await build(t, true)
  t.equal((await b.put('H3JD8SKW2MCV6TQE', { uid: 'hugo.martin1', category: 1 })).status, 200)
  await refused(t, b, 'Z9XC4VB7NM2LK8JH', { uid: 'hugo.martin1', category: 1 }, 409, 'ALREADY_LINKED', /hugo\.martin1 a déjà l'identifiant H3JD8SKW2MCV6TQE/)
  await refused(t, b, 'A8BT6EGHDW3QFPXC', { uid: 'hugo.martin1', category: 1, move: true }, 409, 'ALREADY_LINKED', /a déjà l'identifiant H3JD8SKW2MCV6TQE/)
})

t.test('after a partial import, the IDPNs of the full import before it still count', async (t) => {
  const b = await build(t, true)
  const arrivals = '<IdentifiantsPRONOTE UAI="0340000X"><Eleve IDPN="NEWARRIVAL000001" Nom="Nouveau" Prenom="Tom" DateNaissance="20/06/2013"/></IdentifiantsPRONOTE>'
  const res = await b.app.inject({ method: 'POST', url: '/admin/api/establishments/0340000X/imports?mode=partial', headers: { authorization: b.auth, 'content-type': 'application/xml' }, payload: arrivals })
  t.equal(res.statusCode, 200)
  t.equal((await b.put('H3JD8SKW2MCV6TQE', { uid: 'hugo.martin1', category: 1 })).status, 200, 'an IDPN of the last full import')
  t.equal((await b.put('NEWARRIVAL000001', { uid: 'hugo.martin2', category: 1 })).status, 200, 'an IDPN of the partial import since')
})
