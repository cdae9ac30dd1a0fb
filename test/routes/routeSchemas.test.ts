import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import type { FastifyInstance, RouteOptions } from 'fastify'
import t, { type Test } from 'tap'
import { READS_NOTHING } from '../../src/routes/params.js'
import { adminsFile } from '../console/consoleHelpers.js'
import { testApp } from '../helpers/testApp.js'

/** POST routes without a body schema: a stream for a parser of their own, or no body at all. */
const NO_BODY_SCHEMA = new Set([
  'POST /admin/api/establishments/:uai/imports', // the PRONOTE export, streamed to the XML parser
  'POST /admin/etablissements/:uai/import', // the console's upload, read part by part by @fastify/multipart
  'POST /samlValidate', // a SOAP envelope, read by its own XML parser
  'POST /admin/api/establishments/:uai/imports/undo' // an action named by its path alone
])

/** Every route Sésame registers with all its surfaces on, as its options stand once the app is ready. */
async function routesOf (t: Test): Promise<RouteOptions[]> {
  const routes: RouteOptions[] = []
  // buildApp makes its own Fastify instance: Fastify announces each new one on this channel.
  const watch = (message: unknown): void => {
    (message as { fastify: FastifyInstance }).fastify.addHook('onRoute', (route) => { routes.push(route) })
  }
  subscribe('fastify.initialization', watch)
  try {
    const { app } = await testApp(t, { env: { ADMIN_JWT_SECRET: 'another-secret-of-at-least-32-characters', ADMINS_FILE: adminsFile() } })
    await app.ready()
  } finally {
    unsubscribe('fastify.initialization', watch)
  }
  return routes
}

t.test('every route of Sésame (CAS, admin API, console, operations) declares in its schema what it reads', async (t) => {
  const routes = await routesOf(t)
  const keys = routes.map((r) => `${String(r.method)} ${r.url}`)
  for (const surface of ['GET /login', 'PUT /admin/api/establishments/:uai/links/:idpn', 'POST /admin/etablissements/:uai/liens', 'GET /health', 'GET /static/sesame.css']) {
    t.ok(keys.includes(surface), `the walk sees ${surface}`)
  }
  for (const route of routes) {
    const key = `${String(route.method)} ${route.url}`
    const schema = route.schema
    if (schema === undefined) {
      t.fail(`${key} has no schema`)
      continue
    }
    const parts = ['params', 'querystring', 'body'].filter((part) => (schema as Record<string, unknown>)[part] !== undefined)
    t.ok(schema === READS_NOTHING || parts.length > 0, `${key}: its schema declares something, or is READS_NOTHING`)
    const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1] as string)
    const declared = Object.keys((schema.params as { properties?: object } | undefined)?.properties ?? {})
    t.same(declared.sort(), names.sort(), `${key}: every path parameter is declared`)
    if ((route.method === 'POST' || route.method === 'PUT') && !NO_BODY_SCHEMA.has(key)) {
      t.ok(schema.body !== undefined, `${key}: its body is declared`)
    }
  }
})
