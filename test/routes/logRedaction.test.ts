import { Writable } from 'node:stream'
import t from 'tap'
import { loggerOptions } from '../../src/logger.js'
import { newTicketId } from '../../src/tickets/newTicketId.js'
import { PRONOTE_ELEVE, testApp } from '../helpers/testApp.js'

const enc = encodeURIComponent

t.test('no whole ticket or password reaches the access or audit log, however its parameter is encoded or cased', async (t) => {
  const lines: string[] = []
  const stream = new Writable({ write (chunk, _enc, cb) { lines.push(String(chunk)); cb() } })
  const { app } = await testApp(t, { app: { logger: { ...loggerOptions('info'), stream } } })
  const pgt = newTicketId('PGT')
  const st = newTicketId('ST')
  const pt = newTicketId('PT')
  const inner = newTicketId('ST')
  const iou = newTicketId('PGTIOU')
  const dashed = (id: string): string => id.replace('-', '%2D')
  const urls = [
    `/proxy?pgt=${dashed(pgt)}&targetService=${enc(`https://ent.example.fr/?ticket=${inner}`)}`,
    `/proxy?PGT=${dashed(pgt)}&targetService=${enc(PRONOTE_ELEVE)}`,
    `/proxy?p%67t=${pgt}&targetService=${enc(PRONOTE_ELEVE)}`,
    `/p3/serviceValidate?service=${enc(`${PRONOTE_ELEVE}?ticket=${inner}`)}&ticket=${dashed(st)}`,
    `/serviceValidate?service=${enc(PRONOTE_ELEVE)}&Ticket=${st}`,
    `/p3/proxyValidate?service=${enc(PRONOTE_ELEVE)}&ticket=${dashed(pt)}&pgtUrl=${enc(`https://cb.example.fr/?pgtIou=${iou}&pgtId=${pgt}`)}`,
    `/validate?service=${enc(PRONOTE_ELEVE)}&ticket=${dashed(st)}`,
    `/samlValidate?TARGET=${enc(PRONOTE_ELEVE)}&ticket=${dashed(st)}`,
    '/login?username=lea.dupont&password=Mot-De-Passe-Secret'
  ]
  for (const url of urls) await app.inject(url)

  const records = lines.map((l) => JSON.parse(l) as { req?: { url: string }, audit?: string, service?: string })
  const logged = records.filter((r) => r.req !== undefined).map((r) => r.req?.url)
  t.ok(logged.length >= urls.length, 'every request is in the access log')
  t.ok(logged.includes(`/proxy?pgt=${pgt.slice(0, 10)}…&targetService=${enc(`https://ent.example.fr/?ticket=${inner.slice(0, 9)}`)}…`), 'a PGT with an encoded dash shows its prefix and six characters, and so does the target\'s own ticket')
  t.ok(logged.includes(`/serviceValidate?service=${enc(PRONOTE_ELEVE)}&Ticket=${st.slice(0, 9)}…`))
  t.ok(records.some((r) => r.audit === 'ticket.refused' && r.service === `${PRONOTE_ELEVE}?ticket=${inner.slice(0, 9)}…`), 'the audit log cuts a ticket inside the service asked for')
  const all = lines.join('\n')
  for (const id of [pgt, st, pt, inner, iou]) {
    const secretPart = id.slice(id.indexOf('-') + 7)
    t.notOk(all.includes(secretPart), `nothing of ${id.slice(0, id.indexOf('-'))} beyond its first six characters appears`)
  }
  t.notOk(all.includes('Mot-De-Passe-Secret'), 'nor a password in a query')
})
