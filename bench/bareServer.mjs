// The ceilings: a bare Fastify 5 route (GET / → 'ok') and a bare route doing one Redis GETDEL
// through ioredis (GET /getdel), with no logger, cookie or form plugin. Usage:
//   PORT=… REDIS_URL=redis://… node bench/bareServer.mjs
import Fastify from 'fastify'
import { Redis } from 'ioredis'

const redis = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: 2 })
const app = Fastify({ logger: false })
let n = 0
app.get('/', async () => 'ok')
// A fresh key each time, as a service-ticket validation would ask for (it is absent: GETDEL
// answers nil, so this is the round trip without the payload; see BENCHMARKS.md).
app.get('/getdel', async () => {
  const v = await redis.getdel(`bench:st:${++n}`)
  return v === null ? 'none' : v
})
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
process.stdout.write('ready\n')
for (const s of ['SIGTERM', 'SIGINT']) process.on(s, () => { app.close().then(() => { redis.disconnect(); process.exit(0) }) })
