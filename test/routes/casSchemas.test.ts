import Fastify from 'fastify'
import t from 'tap'
import { CAS_SCHEMAS, withCasSchemas } from '../../src/routes/casSchemas.js'
import { testApp } from '../helpers/testApp.js'

t.test('every schema of the table names a route the app serves', async (t) => {
  const { app } = await testApp(t)
  for (const key of Object.keys(CAS_SCHEMAS)) {
    const [method, url] = key.split(' ') as ['GET' | 'POST', string]
    t.ok(app.hasRoute({ method, url }), key)
  }
})

t.test('a CAS route takes its schema from the table and Fastify compiles it', async (t) => {
  const app = Fastify()
  t.teardown(async () => { await app.close() })
  withCasSchemas(app)
  await app.register(async (child) => {
    child.post('/login', async (request) => ({ username: typeof (request.body as Record<string, unknown>).username }))
    child.post('/other', async (request) => ({ username: typeof (request.body as Record<string, unknown>).username }))
  })
  // The schema reads every field as text: a number sent as JSON arrives as a string.
  const login = await app.inject({ method: 'POST', url: '/login', payload: { username: 5 } })
  t.same(login.json(), { username: 'string' })
  const other = await app.inject({ method: 'POST', url: '/other', payload: { username: 5 } })
  t.same(other.json(), { username: 'number' }, 'a route outside the table is left as it was')
})

t.test('a repeated parameter passes the schema, for param() to refuse', async (t) => {
  const app = Fastify()
  t.teardown(async () => { await app.close() })
  withCasSchemas(app)
  app.get('/logout', async (request) => ({ service: (request.query as Record<string, unknown>).service }))
  const res = await app.inject('/logout?service=a&service=b')
  t.equal(res.statusCode, 200)
  t.same(res.json(), { service: ['a', 'b'] })
})
