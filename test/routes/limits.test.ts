import t from 'tap'
import { Browser } from '../helpers/browser.js'
import { testApp } from '../helpers/testApp.js'

t.test('a request body over the limit gets a clear 413 page', async (t) => {
  const { app } = await testApp(t)
  const res = await app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `username=${'a'.repeat(100_000)}` })
  t.equal(res.statusCode, 413)
  t.match(res.body, /trop volumineuse/)
})

t.test('a body of another type than the login form gets a clear 415 page', async (t) => {
  const { app } = await testApp(t)
  const res = await app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-unknown' }, payload: 'x' })
  t.equal(res.statusCode, 415)
  t.match(res.body, /Type de contenu non pris en charge/)
})

t.test('an overlong login or password is refused before the directory', async (t) => {
  const { app } = await testApp(t)
  const res = await new Browser(app).signIn('', 'a'.repeat(300), 'x')
  t.equal(res.statusCode, 400)
  t.match(res.body, /trop long/)
  t.notMatch(res.body, /a{300}/, 'not reflected either')
})

t.test('a service URL over 2,048 characters is not a registered service', async (t) => {
  const { app } = await testApp(t)
  const res = await app.inject(`/login?service=${encodeURIComponent(`https://0340000x.index-education.net/pronote/${'a'.repeat(2100)}`)}`)
  t.equal(res.statusCode, 403)
  t.match(res.body, /Application non autorisée/)
})

t.test('headers over Node\'s size limit, or a request Node cannot parse, get a French page and the connection closes', async (t) => {
  const { connect } = await import('node:net')
  const { app } = await testApp(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as import('node:net').AddressInfo).port
  const raw = async (request: string): Promise<string> => await new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => { socket.write(request) })
    let answer = ''
    socket.on('data', (d) => { answer += String(d) })
    socket.on('close', () => { resolve(answer) })
    socket.on('error', reject)
  })
  const big = await raw(`GET /login HTTP/1.1\r\nHost: x\r\nCookie: ${'a'.repeat(20_000)}\r\n\r\n`)
  t.match(big, /^HTTP\/1\.1 431 /)
  t.match(big, /content-type: text\/html; charset=utf-8/i)
  t.match(big, /en-têtes de la requête sont trop volumineux/)
  const garbage = await raw('NOT A REQUEST\r\n\r\n')
  t.match(garbage, /^HTTP\/1\.1 400 /)
  t.match(garbage, /La requête est invalide/)
})
