import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import t from 'tap'
import { startRedis } from '../../scripts/testServices/redis.mjs'
import { Browser } from '../helpers/browser.js'
import { waitForOutput } from '../helpers/runServer.js'
import { CasClient, SERVICE } from './casClient.js'
import { startNode } from './nodes.js'

const dir = mkdtempSync(join(tmpdir(), 'sesame-shutdown-'))
const redis = await startRedis({ dir })
const admin = new Redis(redis.url)
t.teardown(async () => {
  admin.disconnect()
  await redis.stop()
  rmSync(dir, { recursive: true, force: true })
})

const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

t.test('SIGTERM: new connections are refused, a request in flight gets its whole answer and its connection closes, then Redis is closed and the exit code is 0', async (t) => {
  const node = await startNode(t, { REDIS_URL: redis.url })
  const clientsBefore = (await admin.client('LIST') as string).split('\n').filter((l) => l !== '').length
  t.ok(clientsBefore >= 2, 'the node holds a Redis connection')

  // A sign-in whose body is still on its way when SIGTERM arrives.
  const client = new CasClient()
  const page = await client.get(`${node.base}/login?service=${encodeURIComponent(SERVICE)}`)
  // The form is bound to the browser's pre-login cookie: the raw request carries it.
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  const body = new URLSearchParams({ ...Browser.hiddenFields(page.body), username: 'lea.dupont', password: 'demo' }).toString()
  const socket = connect(node.port, '127.0.0.1')
  let answer = ''
  socket.on('data', (chunk: Buffer) => { answer += chunk.toString() })
  const closed = new Promise<void>((resolve) => socket.on('close', () => { resolve() }))
  await new Promise<void>((resolve) => socket.once('connect', () => { resolve() }))
  socket.write(`POST /login HTTP/1.1\r\nHost: 127.0.0.1:${node.port}\r\nCookie: ${cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`)
  socket.write(body.slice(0, 10))
  await sleep(200)

  node.process.child.kill('SIGTERM')
  await waitForOutput(node.process, /closing: finishing requests in flight/)
  await sleep(300)
  t.equal(node.process.child.exitCode, null, 'the process waits for the request in flight')
  await t.rejects(fetch(`${node.base}/health`), 'a new connection is refused')

  socket.write(body.slice(10))
  await closed
  t.match(answer, /^HTTP\/1\.1 302 /, 'the request in flight is answered in full')
  t.match(answer, /\r\nlocation: https:\/\/0340000x\.index-education\.net\/pronote\/eleve\.html\?ticket=ST-/i)
  t.match(answer, /\r\nconnection: close\r\n/i, 'and its connection closes with it')
  const started = Date.now()
  t.equal(await node.process.exited, 0, 'then the process exits with 0')
  t.ok(Date.now() - started < 2000, 'at once, not after the keep-alive timeout')
  t.match(node.process.output(), /closed: requests finished, Redis and directories closed/)
  const clientsAfter = (await admin.client('LIST') as string).split('\n').filter((l) => l !== '').length
  t.equal(clientsAfter, clientsBefore - 1, 'its Redis connection is gone')
})
