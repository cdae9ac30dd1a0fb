import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { startRedis } from '../../scripts/testServices/redis.mjs'
import { CasClient, SERVICE, ticketIn, validate } from './casClient.js'
import { startNode } from './nodes.js'

// A real Redis stopped and started again under a running Sésame process. No skip.
const dir = mkdtempSync(join(tmpdir(), 'sesame-outage-'))
const redis = await startRedis({ dir })
t.teardown(async () => {
  await redis.stop()
  rmSync(dir, { recursive: true, force: true })
})

const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

t.test('while Redis is down, sign-in and validation fail fast with 503 / INTERNAL_ERROR, nothing crashes, and service resumes by itself', async (t) => {
  const node = await startNode(t, { REDIS_URL: redis.url })
  const base = node.base
  const browser = new CasClient()
  const first = await browser.signIn(base)
  t.equal(first.status, 302, 'signed in while Redis is up')
  const pending = ticketIn(first)!

  // A loop of sign-ins runs through the whole outage.
  const seen: Array<{ at: number, status: number, ms: number, body: string }> = []
  let running = true
  const loop = (async () => {
    while (running) {
      const started = Date.now()
      try {
        const answer = await new CasClient().signIn(base)
        seen.push({ at: started, status: answer.status, ms: Date.now() - started, body: answer.body })
      } catch (err) {
        seen.push({ at: started, status: 0, ms: Date.now() - started, body: String(err) })
      }
      await sleep(50)
    }
  })()
  await sleep(300)
  const down = Date.now()
  await redis.stop()
  await sleep(2500)

  const page = await browser.signIn(base)
  t.equal(page.status, 503, 'a sign-in answers 503')
  t.match(page.body, /service d(&#39;|')authentification est momentanément indisponible/, 'with a French page')
  const sso = await browser.get(`${base}/login?service=${encodeURIComponent(SERVICE)}`)
  t.equal(sso.status, 503, 'single sign-on answers 503 too')
  t.same(await validate(base, pending), { status: 200, code: 'INTERNAL_ERROR' }, 'validation answers INTERNAL_ERROR')
  const ready = await fetch(`${base}/ready`)
  t.equal(ready.status, 503, '/ready says the node cannot serve')
  t.match(await ready.json(), { checks: { redis: { up: false } } })
  t.equal((await fetch(`${base}/health`)).status, 200, '/health: the process is alive')

  const up = Date.now()
  await redis.start()
  const deadline = Date.now() + 10_000
  while (seen.at(-1)?.status !== 302 || seen.at(-1)!.at < up) {
    if (Date.now() > deadline) break
    await sleep(50)
  }
  running = false
  await loop

  t.equal(node.process.child.exitCode, null, 'the process never stopped')
  const during = seen.filter((s) => s.at > down + 200 && s.at + s.ms < up)
  t.ok(during.length > 0, `sign-ins were tried during the outage (${during.length})`)
  t.ok(during.every((s) => s.status === 503), `each answered 503: ${during.map((s) => s.status).join(',')}`)
  t.ok(during.every((s) => s.ms < 3000), `each within 3 s (slowest ${Math.max(...during.map((s) => s.ms))} ms)`)
  t.ok(seen.every((s) => s.status === 302 || s.status === 503), 'nothing but success or 503, ever')
  const recovered = seen.find((s) => s.at > up && s.status === 302)
  t.ok(recovered !== undefined, 'sign-ins succeed again once Redis is back')
  if (recovered !== undefined) t.ok(recovered.at + recovered.ms - up < 5000, `service resumed ${recovered.at + recovered.ms - up} ms after Redis came back`)

  const again = ticketIn(await new CasClient().signIn(base))
  t.equal((await validate(base, again!)).user, 'lea.dupont', 'a new ticket validates')
  t.equal((await fetch(`${base}/ready`)).status, 200, '/ready is 200 again')
  const log = node.process.output()
  t.notMatch(log, /uncaught|unhandled/i, 'no uncaught error in the log')
  t.equal(log.match(/"redis\.down"/g)?.length, 1, 'the outage is logged once when it starts…')
  t.equal(log.match(/"redis\.up"/g)?.length, 1, '…and once when it ends')
})
