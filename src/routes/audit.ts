import type { FastifyRequest } from 'fastify'
import { shortTicket } from '../tickets/shortTicket.js'
import { logsInfo } from '../logsInfo.js'
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

/** One audit event as the log writes it: its name, the client address, and its fields. */
export interface AuditRecord extends Record<string, unknown> {
  audit: AuditEvent
  ip: string
}

/**
 * Records one audit event, with the client address (as seen through trusted proxies) and, through
 * the request's logger, the request id. Where the app writes an access line per request
 * (buildApp, see accessLog.ts), the event is carried by that line; a request that records a
 * second event (a sign-in that also issues a ticket) writes the earlier one on a line of its own,
 * so that every line holds one event and every event its own fields. Elsewhere (an app without
 * the access log) the event is written at once.
 */
export function audit (request: FastifyRequest, event: AuditEvent, fields: Record<string, unknown> = {}): void {
  // Metrics count what the audit log records (sign-ins, validations…), from this one place.
  request.server.metrics.observe(event, fields)
  if (!logsInfo(request.log)) return
  const record: AuditRecord = { audit: event, ip: request.ip, ...fields }
  for (const name of URL_FIELDS) {
    const value = record[name]
    if (typeof value === 'string') record[name] = redactUrl(value)
  }
  const held = request.auditRecord
  if (held === undefined) {
    request.log.info(record, event)
    return
  }
  if (held !== null) request.log.info(held, held.audit)
  request.auditRecord = record
}

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The audit event the access line will carry: null until the request records one; undefined
     * where the app writes no access line (buildApp decorates requests with it).
     */
    auditRecord?: AuditRecord | null
  }
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
