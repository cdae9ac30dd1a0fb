// The LDAP ceiling: what LdapDirectory.authenticate does, with ldapts alone and nothing else: a
// search for the login on a pool of connections bound as the service account, then a bind as the
// entry on a connection of its own, closed after. `connections` workers loop for `duration` s.
// Usage: node bench/ldapRaw.mjs '{"url":…,"bindDn":…,"bindPassword":…,"baseDn":…,"login":…,"password":…,"attributes":[…]}'
import { Client } from 'ldapts'

const o = JSON.parse(process.argv[2])
const connections = o.connections ?? 50
const poolSize = o.poolSize ?? 4
const duration = (o.duration ?? 3) * 1000

const pool = []
for (let i = 0; i < poolSize; i++) {
  const c = new Client({ url: o.url, timeout: 5000, connectTimeout: 3000 })
  await c.bind(o.bindDn, o.bindPassword)
  pool.push(c)
}
const idle = [...pool]
const waiting = []
async function withPooled (fn) {
  const c = idle.pop() ?? await new Promise((resolve) => waiting.push(resolve))
  try { return await fn(c) } finally {
    const w = waiting.shift()
    if (w !== undefined) w(c)
    else idle.push(c)
  }
}

const latencies = []
let ok = 0
let failed = 0
const deadline = performance.now() + duration
const started = performance.now()
async function worker () {
  while (performance.now() < deadline) {
    const t0 = performance.now()
    try {
      const { searchEntries } = await withPooled((c) => c.search(o.baseDn, { scope: 'sub', filter: `(uid=${o.login})`, sizeLimit: 2, attributes: o.attributes }))
      if (searchEntries.length !== 1) throw new Error(`found ${searchEntries.length}`)
      const user = new Client({ url: o.url, timeout: 5000, connectTimeout: 3000 })
      await user.bind(searchEntries[0].dn, o.password)
      void user.unbind().catch(() => {})
      ok++
    } catch {
      failed++
    }
    latencies.push(performance.now() - t0)
  }
}
await Promise.all(Array.from({ length: connections }, worker))
const seconds = (performance.now() - started) / 1000
await Promise.all(pool.map((c) => c.unbind().catch(() => {})))
latencies.sort((a, b) => a - b)
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0
process.stdout.write(JSON.stringify({ total: ok + failed, seconds, rps: (ok + failed) / seconds, p50: pct(0.5), p99: pct(0.99), ok, failed, errors: 0, timeouts: 0, failures: [] }) + '\n')
