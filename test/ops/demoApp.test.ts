import { execFile, spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { freePort, waitForPort } from '../../scripts/testServices/freePort.mjs'
import { distEntry } from '../helpers/distEntry.js'
import { runServer, waitForOutput } from '../helpers/runServer.js'

const run = promisify(execFile)

// The walk-through of docs/deployment.md ("The docker compose demo"), without Docker: the demo
// application of docker/demo-app with its entry of docker/sesame/services.json, the demo file
// directory of docker/sesame/directories.json, a sign-in, an import of the sample export, and
// pronoteId on the application's page. Only the application's address differs (a free port).

interface Answer { status: number, location: string, cookies: string[], body: string }

async function get (url: string, cookie = '', form?: Record<string, string>): Promise<Answer> {
  const res = await fetch(url, {
    redirect: 'manual',
    method: form === undefined ? 'GET' : 'POST',
    headers: { cookie, ...(form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) },
    ...(form === undefined ? {} : { body: new URLSearchParams(form).toString() })
  })
  return { status: res.status, location: res.headers.get('location') ?? '', cookies: res.headers.getSetCookie().map((c) => c.split(';')[0] as string), body: await res.text() }
}

const hiddenFields = (html: string): Record<string, string> =>
  Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1] as string, (m[2] as string).replace(/&amp;/g, '&')]))

t.test('the compose demo application receives pronoteId for 0340000X once the establishment\'s export is imported', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sesame-demo-app-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const [sesamePort, appPort] = [await freePort(), await freePort()]
  const cas = `http://127.0.0.1:${sesamePort}`
  const appUrl = `http://127.0.0.1:${appPort}/`

  const services = JSON.parse(await readFile('docker/sesame/services.json', 'utf8')) as Array<Record<string, unknown>>
  const demoApp = services.find((s) => s.id === 'demo-app')
  t.equal(demoApp?.serviceId, 'http://localhost:3000/**', 'the compose entry, as registered')
  await writeFile(join(dir, 'services.json'), JSON.stringify([{ ...demoApp, serviceId: `${appUrl}**` }]))
  const directories = JSON.parse(await readFile('docker/sesame/directories.json', 'utf8')) as Array<Record<string, unknown>>
  await writeFile(join(dir, 'directories.json'), JSON.stringify(directories.filter((d) => d.kind === 'file')))
  const env = {
    SERVICES_FILE: join(dir, 'services.json'),
    DIRECTORIES_FILE: join(dir, 'directories.json'),
    DATA_DIR: join(dir, 'data'),
    CAS_SECRET: 'demo-app-test-secret-0123456789abcdefghij'
  }

  const sesame = runServer({ ...env, HOST: '127.0.0.1', PORT: String(sesamePort), PUBLIC_URL: cas })
  t.teardown(() => { sesame.child.kill('SIGTERM') })
  await waitForOutput(sesame, /Sésame is ready/)
  const app = spawn(process.execPath, ['docker/demo-app/server.mjs'], {
    env: { PATH: process.env.PATH ?? '', PORT: String(appPort), CAS_PUBLIC_URL: cas, SERVICE_URL: appUrl, ESTABLISHMENT_UAI: '0340000X' },
    stdio: 'ignore'
  })
  t.teardown(() => { app.kill('SIGTERM') })
  await waitForPort(appPort)

  // The application sends an anonymous visitor to Sésame; Léa signs in with the demo directory.
  const toLogin = await get(appUrl)
  t.equal(toLogin.status, 302)
  t.ok(toLogin.location.startsWith(`${cas}/login?service=`), `to Sésame (${toLogin.location})`)
  const form = await get(toLogin.location)
  const signedIn = await get(`${cas}/login`, form.cookies.join('; '), { ...hiddenFields(form.body), directory: 'demo', username: 'lea.dupont', password: 'demo' })
  t.equal(signedIn.status, 302, 'signed in')
  t.match(signedIn.location, /ticket=ST-/)
  const tgc = signedIn.cookies.filter((c) => c.startsWith('TGC=')).join('; ')

  const page = async (ticketUrl: string): Promise<string> => {
    const back = await get(ticketUrl)
    t.equal(back.status, 302, `the application validated the ticket (${back.body})`)
    return (await get(appUrl, back.cookies.join('; '))).body
  }
  const before = await page(signedIn.location)
  t.match(before, /Bonjour lea\.dupont/)
  t.match(before, /Aucun identifiant PRONOTE/, 'nothing imported yet: no pronoteId')
  t.match(before, /<th[^>]*>prenom<\/th><td>Léa<\/td>/, 'the attributes received are shown')

  const imported = await run(process.execPath, [distEntry('cli/import.js'), '--file', 'test/fixtures/pronote/IdPN_sample.xml', '--uai', '0340000X', '--mode', 'full'], { env: { PATH: process.env.PATH ?? '', ...env } })
  t.match(imported.stdout, /0340000X/)

  // A new ticket through single sign-on (Sésame's cookie), as after signing in again.
  const sso = await get(`${cas}/login?service=${encodeURIComponent(appUrl)}`, tgc)
  t.match(sso.location, /ticket=ST-/, 'single sign-on gives a new ticket')
  const after = await page(sso.location)
  t.match(after, /<strong id="pronoteId">A8BT6EGHDW3QFPXC<\/strong>/, 'the page shows Léa\'s PRONOTE identifier in 0340000X')
  t.match(after, /<th[^>]*>pronoteId<\/th><td>A8BT6EGHDW3QFPXC<\/td>/, 'and pronoteId among the attributes')
})
