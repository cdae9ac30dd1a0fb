import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Test } from 'tap'

const run = promisify(execFile)

export interface KeyPair { key: string, cert: string }

/** A throwaway certificate authority and the server certificates the proxy tests need. */
export interface TestCa {
  /** PEM file of the CA, for PROXY_CA_FILE. */
  caFile: string
  /** Signed by the CA for 127.0.0.1 and localhost. */
  server: KeyPair
  /** Signed by the CA, but for another name. */
  wrongName: KeyPair
  /** Self-signed for 127.0.0.1 and localhost: no CA vouches for it. */
  untrusted: KeyPair
  /** A client certificate signed by the CA (extendedKeyUsage clientAuth), for TLS servers that ask for one. */
  client: KeyPair
  /** For 127.0.0.1, both server and client (a Redis Cluster node, which connects to its peers with it). */
  node: KeyPair
  /** The same certificates and keys as PEM files, for settings that take a path. */
  files: { server: KeyPairFiles, client: KeyPairFiles, node: KeyPairFiles, untrusted: KeyPairFiles }
}

export interface KeyPairFiles { keyFile: string, certFile: string }

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes']

async function openssl (dir: string, ...args: string[]): Promise<void> {
  await run('openssl', args, { cwd: dir })
}

async function signed (dir: string, name: string, san: string, usage = 'serverAuth'): Promise<KeyPair> {
  await writeFile(join(dir, `${name}.ext`), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=${usage}\n`)
  await openssl(dir, 'req', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`)
  await openssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
    '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`)
  return { key: await readFile(join(dir, `${name}.key`), 'utf8'), cert: await readFile(join(dir, `${name}.pem`), 'utf8') }
}

/**
 * Makes, with openssl, a CA and server certificates in a temporary folder that goes away with
 * the test. Nothing is trusted by the system: Sésame trusts the CA only through PROXY_CA_FILE.
 */
export async function makeTestCa (t: Test): Promise<TestCa> {
  const dir = await mkdtemp(join(tmpdir(), 'sesame-ca-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  await openssl(dir, 'req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Sesame Test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign')
  const server = await signed(dir, 'server', 'IP:127.0.0.1,DNS:localhost')
  const wrongName = await signed(dir, 'elsewhere', 'DNS:elsewhere.example')
  await openssl(dir, 'req', '-x509', ...EC, '-keyout', 'untrusted.key', '-out', 'untrusted.pem', '-days', '2', '-subj', '/CN=untrusted',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost')
  const untrusted = { key: await readFile(join(dir, 'untrusted.key'), 'utf8'), cert: await readFile(join(dir, 'untrusted.pem'), 'utf8') }
  const client = await signed(dir, 'client', 'DNS:sesame.test', 'clientAuth')
  const node = await signed(dir, 'node', 'IP:127.0.0.1,DNS:localhost', 'serverAuth,clientAuth')
  const files = (name: string): KeyPairFiles => ({ keyFile: join(dir, `${name}.key`), certFile: join(dir, `${name}.pem`) })
  return { caFile: join(dir, 'ca.pem'), server, wrongName, untrusted, client, node, files: { server: files('server'), client: files('client'), node: files('node'), untrusted: files('untrusted') } }
}

/** A proxy callback: an https server on 127.0.0.1 that records each request's URL. */
export interface CallbackServer {
  /** https://127.0.0.1:port */
  origin: string
  requests: URL[]
  /** What the next requests get; `hang` never answers. */
  status: number | 'hang'
}

/** Starts an https callback server with the given certificate; closed when the test ends. */
export async function startCallbackServer (t: Test, pair: KeyPair, status: number | 'hang' = 200): Promise<CallbackServer> {
  const state: CallbackServer = { origin: '', requests: [], status }
  const server: Server = createServer({ key: pair.key, cert: pair.cert }, (req, res) => {
    state.requests.push(new URL(req.url ?? '/', state.origin))
    if (state.status === 'hang') return
    res.writeHead(state.status, { 'content-type': 'text/plain' }).end('ok')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
  t.teardown(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  return state
}
