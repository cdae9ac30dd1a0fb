import { Writable } from 'node:stream'
import t from 'tap'
import { loggerOptions } from '../../src/logger.js'
import { Browser, ticketOf } from '../helpers/browser.js'
import { DEMO_PASSWORD, PRONOTE_ELEVE, testApp } from '../helpers/testApp.js'

const enc = encodeURIComponent

for (const store of ['memory', 'redis'] as const) {
  t.test(`with the ${store} ticket store: a session gets at most SESSION_TICKETS_PER_MINUTE tickets a minute; beyond, a 429 French page, no ticket, and an audit event`, async (t) => {
    const lines: Array<Record<string, unknown>> = []
    const stream = new Writable({ write (chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done() } })
    const { app } = await testApp(t, { store, env: { SESSION_TICKETS_PER_MINUTE: '3' }, app: { logger: { ...loggerOptions('info'), stream } } })
    const b = new Browser(app)
    const given = [ticketOf(await b.signIn(`?service=${enc(PRONOTE_ELEVE)}`, 'lea.dupont', DEMO_PASSWORD))]
    for (let i = 0; i < 2; i++) given.push(ticketOf(await b.get(`/login?service=${enc(PRONOTE_ELEVE)}`)))
    t.equal(given.filter((st) => st?.startsWith('ST-') === true).length, 3, 'three tickets within the limit')

    const refused = await b.get(`/login?service=${enc(PRONOTE_ELEVE)}`)
    t.equal(refused.statusCode, 429)
    t.equal(refused.headers.location, undefined, 'no redirect')
    t.equal(refused.headers['retry-after'], '60')
    t.equal(refused.headers['cache-control'], 'no-store')
    t.match(refused.body, /Trop de demandes/)
    t.match(refused.body, /Patientez une minute/)
    t.notMatch(refused.body, /ST-/, 'and no ticket in the page')

    const audited = lines.filter((l) => l.audit === 'ticket.throttled')
    t.equal(audited.length, 1)
    t.match(audited[0], { user: 'lea.dupont', service: 'pronote-0340000x', limit: 3, ip: '127.0.0.1' })
    t.equal(lines.filter((l) => l.audit === 'ticket.issued').length, 3, 'the refused request issued nothing')

    const other = new Browser(app)
    t.ok(ticketOf(await other.signIn(`?service=${enc(PRONOTE_ELEVE)}`, 'lea.dupont', DEMO_PASSWORD)), 'another session has its own count')
    t.same(JSON.parse((await app.inject(`/p3/serviceValidate?service=${enc(PRONOTE_ELEVE)}&ticket=${given[2] as string}&format=JSON`)).body).serviceResponse.authenticationSuccess?.user, 'lea.dupont', 'a ticket given before the limit still validates')
  })
}

t.test('SESSION_TICKETS_PER_MINUTE is 60 by default: a person opening PRONOTE pages is never refused', async (t) => {
  const { app, config } = await testApp(t)
  t.equal(config.sessionTicketsPerMinute, 60)
  const b = new Browser(app)
  let st = ticketOf(await b.signIn(`?service=${enc(PRONOTE_ELEVE)}`, 'lea.dupont', DEMO_PASSWORD))
  for (let i = 1; i < 60 && st !== undefined; i++) st = ticketOf(await b.get(`/login?service=${enc(PRONOTE_ELEVE)}`))
  t.ok(st, 'sixty tickets in a minute')
  t.equal((await b.get(`/login?service=${enc(PRONOTE_ELEVE)}`)).statusCode, 429, 'the sixty-first is refused')
})
