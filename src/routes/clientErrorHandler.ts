import type { Socket } from 'node:net'
import { errorPage } from '../views/pages.js'

const ANSWERS: Record<string, [status: string, message: string]> = {
  HPE_HEADER_OVERFLOW: ['431 Request Header Fields Too Large', 'Les en-têtes de la requête sont trop volumineux. Effacez les cookies de ce site, puis réessayez.'],
  ERR_HTTP_REQUEST_TIMEOUT: ['408 Request Timeout', 'La requête a mis trop de temps à arriver. Réessayez.']
}
const BAD_REQUEST: [string, string] = ['400 Bad Request', 'La requête est invalide.']

/**
 * Requests Node's parser refuses before Fastify sees them (headers over the size limit, a
 * malformed request line) are answered like every other error: a French page, not Fastify's
 * English JSON. The connection is closed after it, as Node does.
 */
export function clientErrorHandler (basePath: string) {
  return function handle (err: NodeJS.ErrnoException, socket: Socket): void {
    if (err.code === 'ECONNRESET' || socket.destroyed) return
    const [status, message] = ANSWERS[err.code ?? ''] ?? BAD_REQUEST
    if (socket.writable) {
      const body = Buffer.from(errorPage(basePath, { title: 'Requête invalide', message }))
      socket.write(`HTTP/1.1 ${status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n`)
      socket.write(body)
    }
    socket.destroy(err)
  }
}
