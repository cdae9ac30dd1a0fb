import type { FastifyInstance } from 'fastify'
import { OutageLog } from '../directory/OutageLog.js'
import type { CasContext } from '../protocol/CasContext.js'
import { LoginPostRate } from '../throttle/LoginPostRate.js'
import { LoginThrottle } from '../throttle/LoginThrottle.js'
import { NO_STORE_HEADERS } from './casPaths.js'
import type { LogoutOptions } from './logout.js'
import type { Fields } from './params.js'
import { readAttempt, runSteps, SHOW_STEPS, SUBMIT_STEPS, type SignInFlow } from './signIn/index.js'

/** GET /login and POST /login (CAS 3.0 §2.1 and §2.2); their steps are listed in signIn/index.ts. */
export async function loginRoutes (app: FastifyInstance, ctx: CasContext, options: LogoutOptions = {}): Promise<void> {
  const { config } = ctx
  const flow: SignInFlow = {
    ctx,
    options,
    cookiePath: config.basePath === '' ? '/' : config.basePath,
    publicOrigin: new URL(config.publicUrl).origin,
    outages: new OutageLog(),
    throttle: new LoginThrottle(ctx.attempts, config.throttle),
    postRate: new LoginPostRate(ctx.attempts, config.throttle)
  }

  app.get('/login', async (request, reply) => {
    reply.headers(NO_STORE_HEADERS)
    return await runSteps(SHOW_STEPS, readAttempt(flow, request, reply, request.query as Fields, false))
  })

  app.post('/login', async (request, reply) => {
    reply.headers(NO_STORE_HEADERS)
    return await runSteps(SUBMIT_STEPS, readAttempt(flow, request, reply, (request.body ?? {}) as Fields, true))
  })
}
