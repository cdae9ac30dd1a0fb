import type { FastifyRequest } from 'fastify'
import { shortTicket } from '../tickets/shortTicket.js'
import { redactUrl } from '../views/redactUrl.js'

export { shortTicket }

/** The events of the audit log: one structured line each, never a password. */
export type AuditEvent =
  | 'login.success' | 'login.failure' | 'login.throttled' | 'login.refused'
  | 'ticket.issued' | 'ticket.validated' | 'ticket.refused' | 'ticket.throttled'
  | 'proxy.granted' | 'proxy.refused'
  | 'logout'
  | 'admin.import' | 'admin.import.refused' | 'admin.import.undo' | 'admin.link' | 'admin.link.refused' | 'admin.unlink' | 'admin.refused'
  | 'admin.csv' | 'admin.console.signin' | 'admin.import.draft'
  | 'admin.service.created' | 'admin.service.updated' | 'admin.service.deleted'

/** The fields that hold a URL, whose query may carry a ticket (a service URL with its own ticket=). */
const URL_FIELDS = ['service', 'targetService', 'pgtUrl', 'url']

/**
 * Writes one audit event through the request's pino logger, with the client address (as seen
 * through trusted proxies) and the request id that ties it to the access log.
 */
export function audit (request: FastifyRequest, event: AuditEvent, fields: Record<string, unknown> = {}): void {
  const logged = { ...fields }
  for (const name of URL_FIELDS) {
    const value = logged[name]
    if (typeof value === 'string') logged[name] = redactUrl(value)
  }
  request.log.info({ audit: event, ip: request.ip, ...logged }, event)
  // Metrics count what the audit log records (sign-ins, validations…), from this one place.
  request.server.metrics?.observe(event, fields)
}

/** A query value as the audit log may show it: a string, cut short (it is the client's). */
const asked = (v: unknown): string | undefined => typeof v === 'string' ? v.slice(0, 256) : undefined

/**
 * The audit event of a refused validation: the ticket (shortened) and service asked for, and why
 * (`reason`: what the caller was not told, such as why a proxy callback was not reached).
 */
export function auditRefused (request: FastifyRequest, endpoint: string, code: string, query: { ticket?: unknown, service?: unknown }, reason?: string): void {
  const ticket = asked(query.ticket)
  audit(request, 'ticket.refused', { endpoint, code, ticket: ticket === undefined ? undefined : shortTicket(ticket), service: asked(query.service), ...(reason === undefined ? {} : { reason }) })
}
