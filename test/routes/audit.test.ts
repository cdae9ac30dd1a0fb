import { Writable } from 'node:stream'
import t from 'tap'
import { SignJWT } from 'jose'
import { loggerOptions } from '../../src/logger.js'
import { Browser, ticketOf } from '../helpers/browser.js'
import { DEMO_PASSWORD, PRONOTE_ELEVE, testApp } from '../helpers/testApp.js'

const enc = encodeURIComponent

t.test('the audit log has one structured event per sign-in, ticket, validation, logout and admin action, and never a password or a whole ticket', async (t) => {
  const lines: string[] = []
  const stream = new Writable({ write (chunk, _enc, cb) { lines.push(String(chunk)); cb() } })
  const secret = 'an-admin-secret-of-at-least-32-characters'
  const { app } = await testApp(t, { env: { ADMIN_JWT_SECRET: secret }, app: { logger: { ...loggerOptions('info'), stream } } })
  const b = new Browser(app)
  await b.signIn(`?service=${enc(PRONOTE_ELEVE)}`, 'lea.dupont', 'Mauvais-Mot-De-Passe')
  const st = ticketOf(await b.signIn(`?service=${enc(PRONOTE_ELEVE)}`, 'lea.dupont', DEMO_PASSWORD)) as string
  await app.inject(`/p3/serviceValidate?service=${enc(PRONOTE_ELEVE)}&ticket=${st}`)
  await app.inject(`/p3/serviceValidate?service=${enc(PRONOTE_ELEVE)}&ticket=${st}`)
  await b.get('/logout')
  const token = await new SignJWT({ uai: ['0340000X'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('admin@ac-montpellier.fr').setAudience('sesame-admin').setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode(secret))
  await app.inject({ method: 'PUT', url: '/admin/api/establishments/0340000X/links/A8BT6EGHDW3QFPXC', headers: { authorization: `Bearer ${token}` }, payload: { uid: 'lea.dupont', category: 1 } })
  await app.inject({ method: 'DELETE', url: '/admin/api/establishments/0340000X/links/A8BT6EGHDW3QFPXC', headers: { authorization: `Bearer ${token}` } })

  const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.audit !== undefined)
  t.same(events.map((e) => e.audit), ['login.failure', 'login.success', 'ticket.issued', 'ticket.validated', 'ticket.refused', 'logout', 'admin.link', 'admin.unlink'])
  for (const e of events) t.equal(e.ip, '127.0.0.1', `${String(e.audit)} has the client address`)
  t.equal(events.find((e) => e.audit === 'ticket.issued')?.service, 'pronote-0340000x')
  t.equal(events.find((e) => e.audit === 'admin.link')?.admin, 'admin@ac-montpellier.fr')
  t.match(events.find((e) => e.audit === 'ticket.refused'), { code: 'INVALID_TICKET', ticket: `${st.slice(0, 9)}…`, service: PRONOTE_ELEVE }, 'a refusal names the ticket (shortened) and the service asked for')
  t.equal(events.find((e) => e.audit === 'login.failure')?.login, 'lea.dupont', 'a failure names the login tried')
  const all = lines.join('\n')
  t.notMatch(all, /Mauvais-Mot-De-Passe/)
  t.notOk(all.includes(st), 'the whole ticket never appears')
  t.ok(all.includes(st.slice(0, 9)), 'a shortened ticket does')
})

t.test('CAS 1.0 /validate writes the same audit events as the other validation endpoints', async (t) => {
  const lines: string[] = []
  const stream = new Writable({ write (chunk, _enc, cb) { lines.push(String(chunk)); cb() } })
  const { app } = await testApp(t, { app: { logger: { ...loggerOptions('info'), stream } } })
  const st = ticketOf(await new Browser(app).signIn(`?service=${enc(PRONOTE_ELEVE)}`, 'lea.dupont', DEMO_PASSWORD)) as string
  t.equal((await app.inject(`/validate?service=${enc(PRONOTE_ELEVE)}&ticket=${st}`)).body, 'yes\nlea.dupont\n')
  t.equal((await app.inject(`/validate?service=${enc(PRONOTE_ELEVE)}&ticket=${st}`)).body, 'no\n\n')
  const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.endpoint === '/validate')
  t.match(events, [
    { audit: 'ticket.validated', user: 'lea.dupont', service: 'pronote-0340000x', ticket: `${st.slice(0, 9)}…` },
    { audit: 'ticket.refused', code: 'INVALID_TICKET', ticket: `${st.slice(0, 9)}…` }
  ])
  t.match((await app.inject('/metrics')).body, /sesame_validations_total\{endpoint="\/validate",result="success"\} 1/)
})
