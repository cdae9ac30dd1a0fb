import type { FastifyInstance, FastifySchema } from 'fastify'
import { paramFields as fields, READS_NOTHING } from './params.js'

// Every CAS parameter is read with param(): a repeated one passes the schema and param() refuses
// it with INVALID_REQUEST, in the route's own style, which a schema error could not say as precisely.

const LOGIN_PARAMS = ['service', 'renew', 'gateway', 'warn', 'method']
const VALIDATE_PARAMS = ['ticket', 'service', 'renew', 'pgtUrl', 'format']

/**
 * The query and body schemas of the CAS routes, by method and path under the base path. The
 * form's username and password get no maxLength: the sign-in step refuses a too-long one on the
 * form itself, with the person's other fields kept, which a schema error page could not do.
 */
export const CAS_SCHEMAS: Readonly<Record<string, FastifySchema>> = {
  'GET /': { querystring: fields() },
  'GET /login': { querystring: fields(...LOGIN_PARAMS) },
  'POST /login': { body: fields(...LOGIN_PARAMS, 'username', 'password', 'rememberMe', 'directory', 'selection', 'execution') },
  'GET /logout': { querystring: fields('service') },
  'GET /validate': { querystring: fields('ticket', 'service', 'renew') },
  'GET /serviceValidate': { querystring: fields(...VALIDATE_PARAMS) },
  'GET /proxyValidate': { querystring: fields(...VALIDATE_PARAMS) },
  'GET /p3/serviceValidate': { querystring: fields(...VALIDATE_PARAMS) },
  'GET /p3/proxyValidate': { querystring: fields(...VALIDATE_PARAMS) },
  'GET /proxy': { querystring: fields('pgt', 'targetService') },
  'GET /samlValidate': READS_NOTHING,
  'POST /samlValidate': { querystring: fields('TARGET') }
}

/**
 * Gives every CAS route registered after it its schema from CAS_SCHEMAS, compiled by Fastify,
 * whichever plugin declares the route: the routes stay free of it, and the table is the one place
 * that says what each endpoint reads.
 */
export function withCasSchemas (app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const method = route.method === 'HEAD' ? 'GET' : route.method
    const path = route.routePath === '' ? '/' : route.routePath
    const schema = typeof method === 'string' ? CAS_SCHEMAS[`${method} ${path}`] : undefined
    if (schema !== undefined && route.schema === undefined) route.schema = schema
  })
}
