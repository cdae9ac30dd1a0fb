import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { loggerOptions } from '../src/logger.js'
import { Browser, ticketOf } from './helpers/browser.js'
import { DEMO_PASSWORD, PRONOTE_ELEVE, testApp } from './helpers/testApp.js'

const enc = encodeURIComponent

type Line = Record<string, unknown> & { reqId?: string, req?: { method: string, url: string, ip: string }, res?: { statusCode: number } }

async function loggedApp (t: Test, level = 'info'): Promise<{ app: FastifyInstance, lines: Line[] }> {
  const lines: Line[] = []
  const stream = new Writable({ write (chunk, _enc, cb) { lines.push(JSON.parse(String(chunk)) as Line); cb() } })
  const { app } = await testApp(t, { app: { logger: { ...loggerOptions(level), stream } } })
  return { app, lines }
}

/** The lines a request wrote, by the request id of its logger. */
const linesOf = (lines: Line[], reqId: string | undefined): Line[] => lines.filter((l) => l.reqId === reqId)

t.test('a request writes ONE log line, when it completes: method, redacted URL, status, response time, request id, client address, and its audit event with its fields', async (t) => {
  const { app, lines } = await loggedApp(t)
  const b = new Browser(app)
  await b.signIn(`?service=${enc(PRONOTE_ELEVE)}`, 'lea.dupont', DEMO_PASSWORD)

  // Single sign-on: a ticket issued from the session.
  let from = lines.length
  const st = ticketOf(await b.get(`/login?service=${enc(PRONOTE_ELEVE)}`)) as string
  t.equal(lines.length - from, 1, 'single sign-on writes one line')
  t.match(lines.at(-1), {
    msg: 'ticket.issued',
    req: { method: 'GET', url: `/login?service=${enc(PRONOTE_ELEVE)}`, ip: '127.0.0.1' },
    res: { statusCode: 302 },
    responseTime: Number,
    reqId: String,
    audit: 'ticket.issued',
    ip: '127.0.0.1',
    ticket: `${st.slice(0, 9)}…`,
    service: 'pronote-0340000x',
    user: 'lea.dupont',
    fromNewLogin: false
  })

  // Validation: the URL carries the ticket, the line only its first characters.
  from = lines.length
  await app.inject(`/p3/serviceValidate?service=${enc(PRONOTE_ELEVE)}&ticket=${st}`)
  t.equal(lines.length - from, 1, 'a validation writes one line')
  t.match(lines.at(-1), {
    msg: 'ticket.validated',
    req: { method: 'GET', url: `/p3/serviceValidate?service=${enc(PRONOTE_ELEVE)}&ticket=${st.slice(0, 9)}…` },
    res: { statusCode: 200 },
    audit: 'ticket.validated',
    endpoint: '/p3/serviceValidate',
    user: 'lea.dupont'
  })
  t.notOk(JSON.stringify(lines).includes(st), 'the whole ticket appears nowhere')
})

t.test('a request that records no audit event still writes its one access line', async (t) => {
  const { app, lines } = await loggedApp(t)
  const from = lines.length
  await app.inject('/health')
  await app.inject('/nowhere')
  t.match(lines.slice(from), [
    { msg: 'request completed', req: { method: 'GET', url: '/health' }, res: { statusCode: 200 }, responseTime: Number, reqId: String },
    { msg: 'request completed', req: { method: 'GET', url: '/nowhere' }, res: { statusCode: 404 } }
  ])
  t.equal(lines.length - from, 2)
  t.notOk(lines.some((l) => l.audit !== undefined), 'and no audit field')
})

t.test('a request that records two audit events writes the earlier on a line of its own, with the request id, and the access line carries the later', async (t) => {
  const { app, lines } = await loggedApp(t)
  const from = lines.length
  const res = await new Browser(app).signIn(`?service=${enc(PRONOTE_ELEVE)}`, 'lea.dupont', DEMO_PASSWORD)
  t.equal(res.statusCode, 302)
  const access = lines.slice(from).find((l) => l.req?.method === 'POST')
  t.ok(access, 'the sign-in has its access line')
  t.match(linesOf(lines, access?.reqId), [
    { audit: 'login.success', ip: '127.0.0.1', user: 'lea.dupont', directory: String },
    { audit: 'ticket.issued', ip: '127.0.0.1', fromNewLogin: true, req: { method: 'POST' }, res: { statusCode: 302 } }
  ])
  t.equal(linesOf(lines, access?.reqId).length, 2)
  t.equal(linesOf(lines, access?.reqId)[0]?.req, undefined, 'the earlier event is not an access line')
})

t.test('at LOG_LEVEL=warn neither access lines nor audit events are written, and the metrics still count the events', async (t) => {
  const { app, lines } = await loggedApp(t, 'warn')
  const b = new Browser(app)
  const st = ticketOf(await b.signIn(`?service=${enc(PRONOTE_ELEVE)}`, 'lea.dupont', DEMO_PASSWORD)) as string
  await app.inject(`/p3/serviceValidate?service=${enc(PRONOTE_ELEVE)}&ticket=${st}`)
  t.same(lines.filter((l) => l.req !== undefined || l.audit !== undefined), [])
  t.match((await app.inject('/metrics')).body, /sesame_validations_total\{endpoint="\/p3\/serviceValidate",result="success"\} 1/)
})
