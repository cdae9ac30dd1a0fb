import type { FastifyReply, FastifyRequest } from 'fastify'
import { parseLoginRequest } from '../loginRequest.js'
import { param, type Fields } from '../params.js'
import type { SignInAttempt, SignInFlow } from './SignInAttempt.js'

/**
 * The attempt as the browser sent it: the query of GET /login, or the form of POST /login
 * (`posted`), the only one whose login, password and "Se souvenir de moi" are read.
 */
export function readAttempt (flow: SignInFlow, request: FastifyRequest, reply: FastifyReply, fields: Fields, posted: boolean): SignInAttempt {
  const req = parseLoginRequest(flow.ctx, fields)
  return {
    flow,
    request,
    reply,
    fields,
    req,
    state: {
      match: req.match,
      service: req.service,
      selected: param(fields, 'directory') ?? param(fields, 'selection'),
      username: posted ? (param(fields, 'username') ?? '').trim() : '',
      renew: req.renew,
      warn: req.warn,
      method: req.rawMethod,
      rememberMe: posted && param(fields, 'rememberMe') === 'true',
      error: undefined
    },
    password: posted ? (param(fields, 'password') ?? '') : '',
    fromNewLogin: false
  }
}
