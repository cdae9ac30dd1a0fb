import Fastify from 'fastify'
import t from 'tap'
import { runSteps } from '../../../src/routes/signIn/index.js'
import type { SignInAttempt, SignInStep } from '../../../src/routes/signIn/SignInAttempt.js'

/** Runs the steps for one GET /, with an attempt that carries only the reply the steps use. */
async function run (steps: SignInStep[]): Promise<{ statusCode: number, body: string }> {
  const app = Fastify()
  app.get('/', async (request, reply) => await runSteps(steps, { request, reply } as unknown as SignInAttempt))
  const res = await app.inject({ url: '/' })
  await app.close()
  return { statusCode: res.statusCode, body: res.body }
}

t.test('the sign-in flow stops at the first step that answers: later steps do not run', async (t) => {
  const ran: string[] = []
  const res = await run([
    async () => { ran.push('check') },
    async ({ reply }) => { ran.push('refuse'); await reply.code(400).send('refusé') },
    async ({ reply }) => { ran.push('claim'); await reply.send('claimed') }
  ])
  t.same(ran, ['check', 'refuse'])
  t.equal(res.statusCode, 400)
  t.equal(res.body, 'refusé')
})

t.test('a list of steps none of which answers is a programming error, not a blank page', async (t) => {
  const res = await run([async () => {}])
  t.equal(res.statusCode, 500)
})
