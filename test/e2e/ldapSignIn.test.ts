import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import t, { type Test } from 'tap'
import { startSlapd } from '../../scripts/testServices/slapd.mjs'
import { createLdapDirectory } from '../../src/directory/ldap/createLdapDirectory.js'
import { loggerOptions } from '../../src/logger.js'
import { fixturePeople } from '../directory/fixturePeople.js'
import { ldapEntry, ldapEnv, memoryLogger } from '../directory/ldapEntry.js'
import { Browser, ticketOf } from '../helpers/browser.js'
import { testApp } from '../helpers/testApp.js'

// The whole path through the page, against a real slapd (its own, since it is stopped below):
// DIRECTORIES_FILE's two LDAP choices, ATEN and ARENA, as docs/configuration.md describes them.
const dir = await mkdtemp(join(tmpdir(), 'sesame-e2e-ldap-'))
const slapd = await startSlapd({ dir })
t.teardown(async () => { await slapd.stop(); await rm(dir, { recursive: true, force: true }) })

const enc = encodeURIComponent
const PRONOTE = 'https://0340000x.index-education.net/pronote/'

async function ldapApp (t: Test) {
  const quick = { connectTimeoutMs: 500, timeoutMs: 1000 }
  const directories = [
    createLdapDirectory(ldapEntry(slapd, { id: 'aten', label: 'Élève ou parent', baseDn: slapd.atenBaseDn, ...quick }), 'e2e[0]', ldapEnv(slapd), memoryLogger()),
    createLdapDirectory(ldapEntry(slapd, { id: 'arena', label: 'Personnel Éducation nationale', baseDn: slapd.arenaBaseDn, ...quick }), 'e2e[1]', ldapEnv(slapd), memoryLogger())
  ]
  const lines: Array<Record<string, unknown>> = []
  const stream = new Writable({ write (chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done() } })
  const { app } = await testApp(t, { directories, app: { logger: { ...loggerOptions('info'), stream } } })
  return { app, lines }
}

t.test('people of both LDAP directories sign in through the page, and PRONOTE receives their attributes', async (t) => {
  const { app } = await ldapApp(t)
  const page = await app.inject(`/login?service=${enc(`${PRONOTE}eleve.html`)}`)
  t.match(page.body, /value="aten"[^>]*> Élève ou parent/)
  t.match(page.body, /value="arena"[^>]*> Personnel Éducation nationale/)

  const pupil = fixturePeople.pupil
  const st = ticketOf(await new Browser(app).signIn(`?service=${enc(`${PRONOTE}eleve.html`)}`, pupil.login, pupil.password, { directory: 'aten' }))
  const xml = (await app.inject(`/p3/serviceValidate?service=${enc(`${PRONOTE}eleve.html`)}&ticket=${st as string}`)).body
  t.match(xml, /<cas:user>lea\.martin<\/cas:user>/)
  t.match(xml, /<cas:nom>Martin<\/cas:nom>/)
  t.match(xml, /<cas:dateNaissance>05\/09\/2011<\/cas:dateNaissance>/)
  t.match(xml, /<cas:categories>National_1<\/cas:categories>/)
  t.match(xml, /<cas:ENTPersonJointure>ATEN-1001<\/cas:ENTPersonJointure>/)

  const teacher = fixturePeople.teacher
  const st2 = ticketOf(await new Browser(app).signIn(`?service=${enc(`${PRONOTE}professeur.html`)}`, teacher.login, teacher.password, { directory: 'arena' }))
  const xml2 = (await app.inject(`/p3/serviceValidate?service=${enc(`${PRONOTE}professeur.html`)}&ticket=${st2 as string}`)).body
  t.match(xml2, /<cas:user>prof\.durand<\/cas:user>/)
  t.match(xml2, /<cas:ENTPersonProfils>National_ENS<\/cas:ENTPersonProfils>\s*<cas:ENTPersonProfils>National_DOC<\/cas:ENTPersonProfils>/)
  t.match(xml2, /<cas:categories>National_3<\/cas:categories>/)

  const wrongBranch = await new Browser(app).signIn(`?service=${enc(`${PRONOTE}eleve.html`)}`, teacher.login, teacher.password, { directory: 'aten' })
  t.equal(wrongBranch.statusCode, 401, 'a teacher is unknown to the ATEN directory')
  t.match(wrongBranch.body, /Identifiant ou mot de passe incorrect/)
})

t.test('a directory that is down gives the 503 page, is logged once, and sign-in works again when it is back', async (t) => {
  const { app, lines } = await ldapApp(t)
  const pupil = fixturePeople.pupil
  const signIn = async (): Promise<number> => (await new Browser(app).signIn('', pupil.login, pupil.password, { directory: 'aten' })).statusCode
  t.equal(await signIn(), 200, 'signed in before')
  await slapd.stop()
  for (let i = 0; i < 3; i++) {
    const res = await new Browser(app).signIn('', pupil.login, pupil.password, { directory: 'aten' })
    t.equal(res.statusCode, 503)
    t.match(res.body, /service d(&#39;|')authentification est momentanément indisponible/)
    t.notMatch(res.body, /Error|at .*\.js/, 'no stack trace')
  }
  await slapd.start()
  t.equal(await signIn(), 200, 'signed in again, without a restart')
  const outage = lines.filter((l) => typeof l.event === 'string' && /^directory\./.test(l.event))
  t.same(outage.map((l) => l.event), ['directory.down', 'directory.up'], 'one line when it fails, one when it is back')
})
