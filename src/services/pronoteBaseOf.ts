/**
 * The PRONOTE base URL a service pattern names, as `https://host/…/pronote/`: an Ant pattern that
 * ends in `/pronote/**` with no other wildcard. Undefined for anything else (a regular expression,
 * a wildcard host), since no tile can be derived from it.
 */
export function pronoteBaseOf (serviceId: string): string | undefined {
  if (serviceId.startsWith('^')) return undefined
  const m = /^(https?:\/\/[^/?#*]+\/(?:[^?#*]*\/)?pronote)\/\*\*$/i.exec(serviceId)
  return m === null ? undefined : `${m[1] as string}/`
}
