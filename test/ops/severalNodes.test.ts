import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { startRedis } from '../../scripts/testServices/redis.mjs'
import { CasClient, SERVICE, ticketIn, validate } from './casClient.js'
import { startNode } from './nodes.js'

// Two Sésame processes on one Redis, as behind a load balancer. No skip: without redis-server
// the file fails.
const dir = mkdtempSync(join(tmpdir(), 'sesame-nodes-'))
const redis = await startRedis({ dir })
t.teardown(async () => {
  await redis.stop()
  rmSync(dir, { recursive: true, force: true })
})
// Twelve browsers sign in as one person from one address at the same moment below: more than a
// person ever does, and sign-in throttling counts attempts in flight (test/routes/throttle.test.ts).
const env = { REDIS_URL: redis.url, ST_TTL_SECONDS: '60', THROTTLE_LOGIN_FAILURES: '100' }
const [a, b] = await Promise.all([startNode(t, env), startNode(t, env)])

t.test('a ticket issued by one node validates on the other, once', async (t) => {
  const ticket = ticketIn(await new CasClient().signIn(a!.base))
  t.ok(ticket, 'node A issued a ticket')
  t.same(await validate(b!.base, ticket!), { status: 200, user: 'lea.dupont' }, 'node B validates it')
  t.equal((await validate(a!.base, ticket!)).code, 'INVALID_TICKET', 'and node A no longer does')
})

t.test('a session opened on one node gives single sign-on on the other; logout on either ends it on both', async (t) => {
  const browser = new CasClient()
  t.equal((await browser.signIn(a!.base)).status, 302)
  const sso = await browser.get(`${b!.base}/login?service=${encodeURIComponent(SERVICE)}`)
  t.equal(sso.status, 302, 'node B knows the session')
  t.equal((await validate(a!.base, ticketIn(sso)!)).user, 'lea.dupont')

  const cookie = browser.cookies.get('TGC')!
  await browser.get(`${b!.base}/logout`)
  // The same cookie, replayed on node A, no longer opens anything.
  const replay = new CasClient()
  replay.cookies.set('TGC', cookie)
  const after = await replay.get(`${a!.base}/login?service=${encodeURIComponent(SERVICE)}`)
  t.equal(after.status, 200, 'node A shows the login form')
  t.match(after.body, /name="password"/)
  t.equal(ticketIn(after), undefined)
})

t.test('a node killed under load loses no ticket: every ticket it issued validates on the other, which keeps serving', async (t) => {
  const issuedByA: string[] = []
  const bAnswers: number[] = []
  let aDead = false
  let stop = false
  // Eight browsers sign in on A in a loop; four on B, all the time.
  const onA = Array.from({ length: 8 }, async () => {
    while (!stop) {
      try {
        const ticket = ticketIn(await new CasClient().signIn(a!.base))
        if (ticket !== undefined) issuedByA.push(ticket)
      } catch {
        if (aDead) return
      }
    }
  })
  const onB = Array.from({ length: 4 }, async () => {
    while (!stop) {
      const answer = await new CasClient().signIn(b!.base)
      bAnswers.push(answer.status)
      const ticket = ticketIn(answer)
      if (ticket !== undefined && (await validate(b!.base, ticket)).user !== 'lea.dupont') bAnswers.push(-1)
    }
  })
  while (issuedByA.length < 30) await new Promise((resolve) => setTimeout(resolve, 20))
  a!.process.child.kill('SIGKILL')
  aDead = true
  await a!.process.exited
  const issuedBeforeDeath = issuedByA.length
  const bBefore = bAnswers.length
  await new Promise((resolve) => setTimeout(resolve, 500))
  stop = true
  await Promise.all([...onA, ...onB])

  t.equal(issuedByA.length, issuedBeforeDeath, 'nothing came from A after its death')
  t.ok(bAnswers.length > bBefore, `node B went on serving after A died (${bAnswers.length - bBefore} sign-ins)`)
  t.ok(bAnswers.every((s) => s === 302), 'every sign-in on B succeeded, and each ticket validated')
  const results = await Promise.all(issuedByA.map(async (ticket) => await validate(b!.base, ticket)))
  t.equal(results.filter((r) => r.user === 'lea.dupont').length, issuedByA.length, `all ${issuedByA.length} tickets issued by A validate on B`)
})
