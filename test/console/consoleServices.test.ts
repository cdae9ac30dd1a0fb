import { Redis } from 'ioredis'
import t from 'tap'
import { RedisServiceStore } from '../../src/services/store/RedisServiceStore.js'
import { Browser, ticketOf } from '../helpers/browser.js'
import { DEMO_PASSWORD } from '../helpers/testApp.js'
import { testRedisUrl } from '../helpers/testServers.js'
import { consoleApp, csrfOf, openConsole } from './consoleHelpers.js'

const NEW_PRONOTE = 'https://pronote-joffre.example.fr/pronote/'
const pronoteForm = (csrf: string, over: Record<string, string | string[]> = {}): Record<string, string> => {
  const form = new URLSearchParams({ csrf, type: 'pronote', name: 'PRONOTE — Joffre (nouveau serveur)', pronoteUrl: NEW_PRONOTE, uai: '0340000X', group: 'Scolarité' })
  for (const a of ['eleve', 'parent']) form.append('access', a)
  for (const [k, v] of Object.entries(over)) { form.delete(k); for (const x of [v].flat()) form.append(k, x) }
  return form as unknown as Record<string, string>
}

async function ticketFor (b: Browser, service: string, login: string): Promise<{ status: number, ticket: string | undefined }> {
  const form = await b.get(`/login?service=${encodeURIComponent(service)}`)
  if (form.statusCode !== 200) return { status: form.statusCode, ticket: undefined }
  const res = await b.post('/login', { ...Browser.hiddenFields(form.body), username: login, password: DEMO_PASSWORD })
  return { status: res.statusCode, ticket: ticketOf(res) }
}

t.test('an admin creates a PRONOTE service in the console: a pupil gets a ticket for it, a profile left unchecked is refused', async (t) => {
  const { app } = await consoleApp(t)
  const admin = new Browser(app)
  const page = await openConsole(admin, '/admin/services/nouveau?type=pronote', 'anne-sophie.lefevre')
  t.match(page.body, /<legend>Accès population<\/legend>/)
  const created = await admin.post('/admin/services', pronoteForm(csrfOf(page.body)))
  t.equal(created.statusCode, 200)
  t.match(created.body, /Service « PRONOTE — Joffre \(nouveau serveur\) » enregistré/)
  t.match(created.body, /https:\/\/pronote-joffre\.example\.fr\/pronote\/\*\*/, 'listed with its derived pattern')
  const pupil = await ticketFor(new Browser(app), `${NEW_PRONOTE}eleve.html`, 'lea.dupont')
  t.equal(pupil.status, 302)
  t.ok(pupil.ticket, 'the pupil gets a ticket')
  const teacher = await ticketFor(new Browser(app), `${NEW_PRONOTE}professeur.html`, 'anne-sophie.lefevre')
  t.equal(teacher.status, 403, 'Enseignant was left unchecked')
})

t.test('a service form is checked by the rules of services.json, the French message next to its field, and nothing is stored', async (t) => {
  const { app, ctx } = await consoleApp(t)
  const admin = new Browser(app)
  const csrf = csrfOf((await openConsole(admin, '/admin/services/nouveau?type=pronote', 'anne-sophie.lefevre')).body)
  const cases: Array<[Record<string, string | string[]>, RegExp]> = [
    [{ pronoteUrl: 'http://pronote-joffre.example.fr/pronote/' }, /aria-invalid="true" aria-describedby="erreur-pronoteUrl">[\s\S]*id="erreur-pronoteUrl" role="alert">PRONOTE doit être en https/],
    [{ pronoteUrl: 'https://pronote-joffre.example.fr/ent/' }, /id="erreur-pronoteUrl" role="alert">L&#39;URL de PRONOTE se termine par \/pronote\//],
    [{ name: '' }, /id="erreur-name" role="alert">Nom obligatoire/],
    [{ access: [] }, /id="erreur-access" role="alert">Cochez au moins un profil/]
  ]
  for (const [over, message] of cases) {
    const res = await admin.post('/admin/services', pronoteForm(csrf, over))
    t.equal(res.statusCode, 400, JSON.stringify(over))
    t.match(res.body, message)
  }
  const cas = await admin.post('/admin/services', { csrf, type: 'cas', name: 'Appli', serviceId: 'https://appli.example.fr/**', uai: '0340000X', access: 'eleve', launchUrl: 'https://ailleurs.example.fr/' })
  t.match(cas.body, /id="erreur-launchUrl" role="alert">.*ne correspond pas au motif du service/)
  t.same(await ctx.serviceStore?.list(), [], 'nothing stored')
})

t.test('an admin manages only their establishments\' services; services.json entries are read-only', async (t) => {
  const { app, ctx } = await consoleApp(t)
  const admin = new Browser(app)
  const csrf = csrfOf((await openConsole(admin, '/admin/services/nouveau?type=cas', 'paul.garcia')).body)
  const other = await admin.post('/admin/services', pronoteForm(csrf))
  t.equal(other.statusCode, 403)
  t.match(other.body, /id="erreur-uai" role="alert">Vous n&#39;administrez pas l&#39;établissement 0340000X/)
  const noUai = await admin.post('/admin/services', { csrf, type: 'cas', name: 'Appli', serviceId: 'https://appli.example.fr/**', access: 'eleve' })
  t.equal(noUai.statusCode, 403, 'a service of no establishment is for "*" admins')
  t.same(await ctx.serviceStore?.list(), [])
  const list = await admin.get('/admin/services')
  t.notMatch(list.body, /PRONOTE — Lycée Joffre/, 'another establishment\'s services are not shown')
  const readOnly = await admin.get('/admin/services/pronote-eleves-0340001y')
  t.equal(readOnly.statusCode, 403)
  t.match(readOnly.body, /services\.json/)
})

t.test('an admin edits and deletes a service made in the console, and the registry follows', async (t) => {
  const { app, ctx } = await consoleApp(t)
  const admin = new Browser(app)
  const csrf = csrfOf((await openConsole(admin, '/admin/services/nouveau?type=pronote', 'anne-sophie.lefevre')).body)
  await admin.post('/admin/services', pronoteForm(csrf))
  const id = 'pronote-0340000x'
  t.ok(ctx.registry.byKey(`${id}-2`), 'a free id next to the file\'s pronote-0340000x')
  const edit = await admin.get(`/admin/services/${id}-2`)
  t.match(edit.body, /value="https:\/\/pronote-joffre\.example\.fr\/pronote\/"/)
  await admin.post(`/admin/services/${id}-2`, pronoteForm(csrf, { access: ['eleve', 'enseignant'] }))
  t.same(ctx.registry.byKey(`${id}-2`)?.access, ['eleve', 'enseignant'])
  const deleted = await admin.post(`/admin/services/${id}-2/suppression`, { csrf })
  t.match(deleted.body, /supprimé/)
  t.equal(ctx.registry.byKey(`${id}-2`), undefined)
  t.equal(ctx.registry.match(`${NEW_PRONOTE}eleve.html`), undefined)
})

t.test('two nodes sharing Redis: a service made on one is used by the other within 5 seconds, without restart', async (t) => {
  const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 })
  t.teardown(() => { redis.disconnect() })
  const prefix = `test:${process.pid}:console-services:`
  const nodeA = await consoleApp(t, { serviceStore: new RedisServiceStore(redis, prefix) })
  const nodeB = await consoleApp(t, { serviceStore: new RedisServiceStore(redis, prefix) })
  const admin = new Browser(nodeA.app)
  const csrf = csrfOf((await openConsole(admin, '/admin/services/nouveau?type=pronote', 'anne-sophie.lefevre')).body)
  t.equal((await ticketFor(new Browser(nodeB.app), `${NEW_PRONOTE}eleve.html`, 'lea.dupont')).status, 403, 'unknown on node B before')
  const madeAt = Date.now()
  await admin.post('/admin/services', pronoteForm(csrf))
  let seen: { status: number, ticket: string | undefined } = { status: 0, ticket: undefined }
  while (Date.now() - madeAt < 5000) {
    seen = await ticketFor(new Browser(nodeB.app), `${NEW_PRONOTE}eleve.html`, 'lea.dupont')
    if (seen.status === 302) break
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  t.equal(seen.status, 302, 'node B hands the pupil a ticket within 5 s')
  t.ok(seen.ticket)
  t.equal((await ticketFor(new Browser(nodeB.app), `${NEW_PRONOTE}professeur.html`, 'anne-sophie.lefevre')).status, 403, 'the unchecked profile is refused on node B too')
})
