import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Directory } from '../../directory/Directory.js'
import type { OutageLog } from '../../directory/OutageLog.js'
import type { Person } from '../../directory/Person.js'
import type { CasContext } from '../../protocol/CasContext.js'
import type { LinksReader } from '../../pronote/LinkStore.js'
import type { LoginPostRate } from '../../throttle/LoginPostRate.js'
import type { LoginThrottle } from '../../throttle/LoginThrottle.js'
import type { TicketGrantingTicket } from '../../tickets/Ticket.js'
import type { LoginRequest } from '../loginRequest.js'
import type { LogoutOptions } from '../logout.js'
import type { Fields } from '../params.js'
import type { LoginFormState } from '../renderLoginForm.js'

/** What every sign-in shares, built once when the routes are registered. */
export interface SignInFlow {
  ctx: CasContext
  options: LogoutOptions
  cookiePath: string
  publicOrigin: string
  outages: OutageLog
  throttle: LoginThrottle
  postRate: LoginPostRate
}

/** One GET or POST /login as it goes through the steps; each step fills in what it learns. */
export interface SignInAttempt {
  flow: SignInFlow
  request: FastifyRequest
  reply: FastifyReply
  fields: Fields
  req: LoginRequest
  /** What the form shows again if a step refuses the attempt. */
  state: LoginFormState
  password: string
  tokenId?: string
  directory?: Directory
  person?: Person
  tgt?: TicketGrantingTicket
  /** The PRONOTE links, when they were read with the session (single sign-on, useSessionFor). */
  links?: LinksReader
  /** True when the person has just typed their password (CAS `renew` validation). */
  fromNewLogin: boolean
}

/**
 * A step either answers the browser, awaiting the reply until it is sent, and the flow stops
 * there (`reply.sent`), or fills in the attempt and returns to let the next step go on.
 */
export type SignInStep = (attempt: SignInAttempt) => Promise<void>

/** A value an earlier step was meant to set; its absence is a step order mistake, not bad input. */
export function filled<T> (value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`sign-in step order: ${name} is not set yet`)
  return value
}
