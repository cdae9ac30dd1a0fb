import { Writable } from 'node:stream'
import { pino } from 'pino'
import t from 'tap'
import { loggerOptions } from '../src/logger.js'

t.test('a password given to the logger, on its own or in an error, is written as [caché]', async (t) => {
  const lines: string[] = []
  const log = pino(loggerOptions('info'), new Writable({ write (chunk, _enc, cb) { lines.push(String(chunk)); cb() } }))
  log.info({ password: 'Mot-De-Passe-Secret' }, 'a field')
  log.error({ err: Object.assign(new Error('bind failed'), { password: 'Mot-De-Passe-Secret' }) }, 'an error')
  await new Promise((resolve) => setImmediate(resolve))
  t.equal(lines.length, 2)
  t.notMatch(lines.join(''), /Mot-De-Passe-Secret/)
  t.equal(lines.filter((l) => l.includes('[caché]')).length, 2)
})

t.test('a request is logged as its method, its URL with tickets shortened and its client address, never its headers', async (t) => {
  const lines: string[] = []
  const log = pino(loggerOptions('info'), new Writable({ write (chunk, _enc, cb) { lines.push(String(chunk)); cb() } }))
  log.info({ req: { method: 'GET', url: '/p3/serviceValidate?ticket=ST-1-abcdefghijklmnopqrstuvwxyz', ip: '10.0.0.1', headers: { cookie: 'TGC=TGT-secret' } } }, 'request')
  await new Promise((resolve) => setImmediate(resolve))
  t.same((JSON.parse(lines[0] ?? '{}') as { req: unknown }).req, { method: 'GET', url: '/p3/serviceValidate?ticket=ST-1-abcd…', ip: '10.0.0.1' })
  t.notMatch(lines.join(''), /TGT-secret/)
})
