import { ProtocolError } from './ProtocolError.js'

/** The service's access rules ("Accès population", establishment) refuse the person: the page names the service. */
export class AccessDeniedError extends ProtocolError {
  constructor (readonly serviceName: string) {
    super('accessDenied', `access rules of ${serviceName} refuse the person`)
    this.name = 'AccessDeniedError'
  }
}
