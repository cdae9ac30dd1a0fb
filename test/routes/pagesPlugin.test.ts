import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import Fastify, { type FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { ProtocolError } from '../../src/errors/ProtocolError.js'
import { Metrics } from '../../src/metrics/Metrics.js'
import '../../src/routes/casDecorator.js'
import { errorHandler } from '../../src/routes/errorHandler.js'
import { pagesPlugin } from '../../src/routes/pagesPlugin.js'
import { validationPlugin } from '../../src/routes/validationPlugin.js'
import { consoleApp, openConsole } from '../console/consoleHelpers.js'
import { Browser } from '../helpers/browser.js'
import { testApp } from '../helpers/testApp.js'

/**
 * buildApp's shape, with one new route in each place a route can live: in the pages plugin, in
 * the validation plugin, and outside every plugin. Each throws the refusal it is given and has no
 * error handling of its own, as a new endpoint would be written.
 */
async function appThrowing (t: Test, refusal: () => ProtocolError): Promise<FastifyInstance> {
  const { ctx } = await testApp(t)
  const app = Fastify()
  t.teardown(async () => await app.close())
  app.decorate('cas', ctx)
  app.decorate('metrics', new Metrics())
  app.decorateRequest('auditRecord', null)
  await app.register(cookie)
  await app.register(formbody)
  app.setErrorHandler(errorHandler(ctx.config.basePath))
  const thrown = async (): Promise<never> => { throw refusal() }
  await app.register(async (pages) => {
    await pagesPlugin(pages, {})
    pages.get('/new-page', thrown)
  })
  await app.register(async (validation) => {
    await validationPlugin(validation)
    validation.get('/p3/newValidate', { config: { casAnswer: { style: 'validation', endpoint: '/p3/newValidate', version: 3 } } }, thrown)
  })
  app.get('/outside', thrown)
  return app
}

t.test('a refusal thrown by a route of the pages plugin is its French page; the same refusal in a validation route is a CAS failure', async (t) => {
  const app = await appThrowing(t, () => new ProtocolError('INVALID_REQUEST', 'Un même paramètre a été donné plusieurs fois.'))
  const page = await app.inject('/new-page')
  t.equal(page.statusCode, 400)
  t.match(page.headers['content-type'], /text\/html/)
  t.match(page.body, /<title>Requête invalide/)
  t.match(page.body, /Un même paramètre a été donné plusieurs fois\./)

  const xml = await app.inject('/p3/newValidate')
  t.equal(xml.statusCode, 200)
  t.match(xml.headers['content-type'], /application\/xml/)
  t.match(xml.body, /<cas:authenticationFailure code="INVALID_REQUEST">\s*Un même paramètre/)
})

t.test('a refusal of the browser flows is a page in the pages plugin, and nowhere else', async (t) => {
  const app = await appThrowing(t, () => new ProtocolError('unknownService', 'service not registered'))
  const page = await app.inject('/new-page')
  t.equal(page.statusCode, 403)
  t.match(page.body, /<title>Application non autorisée/)

  const xml = await app.inject('/p3/newValidate')
  t.equal(xml.statusCode, 200)
  t.match(xml.body, /<cas:authenticationFailure code="INTERNAL_ERROR">/, 'a validation client has no such code: an internal error')

  // Outside every plugin no way of answering owns refusals: the root's handler, left as a
  // fallback, shows a failure page, not the pages plugin's refusal page.
  const outside = await app.inject('/outside')
  t.equal(outside.statusCode, 500)
  t.match(outside.body, /<title>Erreur du service/)
  t.notMatch(outside.body, /Application non autorisée/)
})

t.test('what the console passes on reaches the root, which still answers a French failure page', async (t) => {
  const { app } = await consoleApp(t)
  // Signed in first: the console refuses anyone else before it reads a body.
  const b = new Browser(app)
  t.equal((await openConsole(b, '/admin/services', 'anne-sophie.lefevre')).statusCode, 200)
  const res = await app.inject({ method: 'POST', url: '/admin/services', headers: { 'content-type': 'application/x-unknown' }, cookies: Object.fromEntries(b.cookies), payload: 'x' })
  t.equal(res.statusCode, 415)
  t.match(res.headers['content-type'], /text\/html/)
  t.match(res.body, /Type de contenu non pris en charge/)
})
