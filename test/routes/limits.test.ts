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
