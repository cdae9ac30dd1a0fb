export interface TestSlapd {
  /** ldap://127.0.0.1:PORT */
  url: string
  port: number
  /** ldaps://127.0.0.1:PORT2 when started with tls, else undefined. */
  ldapsUrl: string | undefined
  /** The self-signed certificate (its own CA) when started with tls, else undefined. */
  caFile: string | undefined
  /** dc=sesame,dc=test: the suffix holding both branches. */
  baseDn: string
  /** cn=cas,ou=system,dc=sesame,dc=test: the service account, which can read people. */
  bindDn: string
  bindPassword: string
  /** ou=aten,dc=sesame,dc=test: pupils and parents. */
  atenBaseDn: string
  /** ou=arena,dc=sesame,dc=test: staff. */
  arenaBaseDn: string
  start (): Promise<void>
  stop (): Promise<void>
}
export function startSlapd (opts: { dir: string, port?: number, tls?: boolean }): Promise<TestSlapd>
