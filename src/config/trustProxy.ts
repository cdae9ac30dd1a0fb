import { ConfigError } from '../errors/ConfigError.js'
import { type Env, rawSetting } from './readSetting.js'

/**
 * TRUST_PROXY: unset, nobody's X-Forwarded-For is believed, so a client cannot pick the address
 * that throttling and the audit log see; behind a load balancer, name its addresses or count its
 * hops. `true` is refused: it believes the left-most address of X-Forwarded-For, which the client
 * writes itself, so each request could claim a new address and escape throttling.
 */
export function trustProxy (env: Env): false | number | string[] {
  const raw = rawSetting(env, 'TRUST_PROXY')
  if (raw === undefined || raw === 'false') return false
  if (raw === 'true') {
    throw new ConfigError('TRUST_PROXY: true croirait l\'adresse qu\'un client écrit lui-même dans X-Forwarded-For ; ' +
      'indiquer le nombre de proxys (1) ou leurs adresses et réseaux CIDR (10.0.0.0/8,loopback), qui retiennent l\'adresse non fiable la plus à droite')
  }
  if (/^\d+$/.test(raw)) return Number(raw)
  const list = raw.split(',').map((s) => s.trim()).filter((s) => s !== '')
  for (const item of list) {
    if (!/^(?:loopback|linklocal|uniquelocal|[0-9.]+(?:\/\d{1,2})?|[0-9a-fA-F:]+(?:\/\d{1,3})?)$/.test(item)) {
      throw new ConfigError(`TRUST_PROXY: "${item}" n'est ni une adresse, ni un réseau CIDR, ni loopback/linklocal/uniquelocal`)
    }
  }
  return list
}
