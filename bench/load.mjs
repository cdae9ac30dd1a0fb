// The load generator, run as its own process (pinned to core 1 by bench/run.mjs): one autocannon
// run described by a JSON spec file, result as one JSON line on stdout. Usage:
//   node bench/load.mjs spec.json
// spec: { url, path, connections, duration, mode, ... }
//   mode "plain"    GET url+path; ok = 2xx
//   mode "sso"      GET /login?service=… with the TGC cookies of spec.tgcs in turn; ok = 302 to the
//                   service with ?ticket=ST-…; the tickets are written to spec.ticketsOut
//   mode "validate" GET /p3/serviceValidate?service=…&ticket=… with each ticket of spec.ticketsIn
//                   once; ok = body has <cas:authenticationSuccess>
//   mode "signin"   POST /login with each execution token of spec.tokensIn once (lines "token cookie"); ok = 302 with ticket
import { readFileSync, writeFileSync } from 'node:fs'
import autocannon from 'autocannon'

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'))
let ok = 0
let failed = 0
const failures = []
const fail = (what) => { failed++; if (failures.length < 3) failures.push(what) }
const opts = { url: spec.url, connections: spec.connections, duration: spec.duration, pipelining: 1, timeout: 10 }
const tickets = []

if (spec.mode === 'plain') {
  opts.url = spec.url + spec.path
  opts.requests = [{ method: 'GET', onResponse: (status) => { if (status >= 200 && status < 300) ok++; else fail(`status ${status}`) } }]
} else if (spec.mode === 'sso') {
  let i = 0
  const path = `/login?service=${encodeURIComponent(spec.service)}`
  opts.requests = [{
    setupRequest: (req) => ({ ...req, method: 'GET', path, headers: { cookie: `TGC=${spec.tgcs[i++ % spec.tgcs.length]}` } }),
    onResponse: (status, _body, _ctx, headers) => {
      const m = status === 302 ? /[?&]ticket=(ST-[A-Za-z0-9-]+)/.exec(headers.location ?? '') : null
      if (m === null) fail(`status ${status} location ${headers.location}`)
      else { ok++; tickets.push(m[1]) }
    }
  }]
} else if (spec.mode === 'validate') {
  const pool = readFileSync(spec.ticketsIn, 'utf8').split('\n').filter(Boolean)
  let i = 0
  const service = encodeURIComponent(spec.service)
  // autocannon builds one request per connection ahead of time: leave those out of the count.
  opts.maxOverallRequests = Math.max(spec.connections, pool.length - 2 * spec.connections)
  opts.requests = [{
    setupRequest: (req) => {
      const t = pool[i++]
      if (t === undefined) throw new Error('ran out of tickets')
      return { ...req, method: 'GET', path: `/p3/serviceValidate?service=${service}&ticket=${t}` }
    },
    onResponse: (status, body) => {
      if (status === 200 && body.includes('<cas:authenticationSuccess>')) ok++
      else fail(`status ${status} ${body.slice(0, 300)}`)
    }
  }]
} else if (spec.mode === 'signin') {
  const pool = readFileSync(spec.tokensIn, 'utf8').split('\n').filter(Boolean)
  let i = 0
  opts.maxOverallRequests = Math.max(spec.connections, pool.length - 2 * spec.connections)
  const fixed = `username=${encodeURIComponent(spec.username)}&password=${encodeURIComponent(spec.password)}` +
    `&directory=${encodeURIComponent(spec.directory)}&service=${encodeURIComponent(spec.service)}`
  opts.requests = [{
    setupRequest: (req) => {
      const line = pool[i++]
      if (line === undefined) throw new Error('ran out of execution tokens')
      // Each token is bound to the pre-login cookie of the GET that drew it: "token cookie".
      const [t, cookie] = line.split(' ')
      return { ...req, method: 'POST', path: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: `${fixed}&execution=${encodeURIComponent(t)}` }
    },
    onResponse: (status, body, _ctx, headers) => {
      if (status === 302 && /[?&]ticket=ST-/.test(headers.location ?? '')) ok++
      else fail(`status ${status} ${String(body).slice(0, 300)}`)
    }
  }]
} else {
  throw new Error(`unknown mode ${spec.mode}`)
}

// A fixed number of requests instead of a duration (sign-ins with scrypt).
if (spec.amount !== undefined) { opts.amount = spec.amount; delete opts.maxOverallRequests }
// Latencies from autocannon's 'response' event (float ms, every status: 302s included);
// its own histogram keeps whole milliseconds of 2xx only.
const latencies = []
const instance = autocannon(opts)
instance.on('response', (_client, _status, _bytes, ms) => { latencies.push(ms) })
const r = await instance
latencies.sort((x, y) => x - y)
const pct = (p) => latencies.length === 0 ? 0 : latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]
if (spec.ticketsOut !== undefined) writeFileSync(spec.ticketsOut, tickets.join('\n') + '\n')
const total = r.requests.total
process.stdout.write(JSON.stringify({
  total,
  seconds: r.duration,
  rps: total / r.duration,
  p50: pct(0.5),
  p99: pct(0.99),
  mean: latencies.reduce((x, y) => x + y, 0) / Math.max(1, latencies.length),
  ok,
  failed,
  errors: r.errors,
  timeouts: r.timeouts,
  failures
}) + '\n')
