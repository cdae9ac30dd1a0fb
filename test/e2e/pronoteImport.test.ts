import { spawn } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { FileLinkStore } from '../../src/pronote/FileLinkStore.js'
import { distEntry } from '../helpers/distEntry.js'
import { Browser, ticketOf } from '../helpers/browser.js'
import { DEMO_PASSWORD, PRONOTE, testApp } from '../helpers/testApp.js'

const SAMPLE = 'test/fixtures/pronote/IdPN_sample.xml'

/** Runs the import command as an admin would, in another process. */
function importCommand (dataDir: string, args: string[]): Promise<{ code: number | null, out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [distEntry('cli/import.js'), ...args], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    child.stdout.on('data', (c: Buffer) => { out += c.toString() })
    child.stderr.on('data', (c: Buffer) => { out += c.toString() })
    child.on('exit', (code) => resolve({ code, out }))
  })
}

async function pronoteIdOf (app: Awaited<ReturnType<typeof testApp>>['app'], user: string, space: string): Promise<string | undefined> {
  const service = `${PRONOTE}${space}`
  const st = ticketOf(await new Browser(app).signIn(`?service=${encodeURIComponent(service)}`, user, DEMO_PASSWORD)) as string
  const body = (await app.inject(`/p3/serviceValidate?service=${encodeURIComponent(service)}&ticket=${st}`)).body
  return /<cas:pronoteId>([^<]*)<\/cas:pronoteId>/.exec(body)?.[1]
}

t.test('after a full import by the command line, a running server gives a pupil and a parent their PRONOTE identifiers', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'sesame-links-'))
  const links = await FileLinkStore.open(dataDir)
  const { app } = await testApp(t, { links })
  t.equal(await pronoteIdOf(app, 'lea.dupont', 'eleve.html'), undefined, 'no identifier before the import')

  const full = await importCommand(dataDir, ['--file', SAMPLE, '--uai', '0340000X', '--mode', 'full'])
  t.equal(full.code, 0, full.out)
  t.equal(await pronoteIdOf(app, 'lea.dupont', 'eleve.html'), 'A8BT6EGHDW3QFPXC')
  t.equal(await pronoteIdOf(app, 'marc.dupont', 'parent.html'), 'P4LK9JH2GF6DS3AQ')
  t.equal(await pronoteIdOf(app, 'anne-sophie.lefevre', 'professeur.html'), 'K9M2N4B6V8C1X3ZA')

  // A later export: Léa's line now carries her CAS identifier, and a new pupil arrives.
  const later = join(dataDir, 'later.xml')
  await writeFile(later, `<?xml version="1.0" encoding="UTF-8"?>
<IdentifiantsPRONOTE UAI="0340000X">
  <Eleve IDPN="A8BT6EGHDW3QFPXC" Nom="DUPONT" Prenom="Léa" DateNaissance="12/03/2010" IdentifiantCAS="lea.dupont"/>
  <Eleve IDPN="NEWARRIVAL000001" Nom="DUPONT" Prenom="Tom" DateNaissance="20/06/2013" IdentifiantCAS=""/>
</IdentifiantsPRONOTE>`)
  // Tom joins this school.
  const partial = await importCommand(dataDir, ['--file', later, '--uai', '0340000X', '--mode', 'partial'])
  t.equal(partial.code, 0, partial.out)
  t.equal(await pronoteIdOf(app, 'marc.dupont', 'parent.html'), 'P4LK9JH2GF6DS3AQ', 'existing links untouched by a partial import')
  t.equal(await pronoteIdOf(app, 'lea.dupont', 'eleve.html'), 'A8BT6EGHDW3QFPXC')
})

t.test('a nearly empty full import stops with exit 3 and the list; --force writes it, and --undo by the command line gives the running server its links back', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'sesame-links-'))
  const links = await FileLinkStore.open(dataDir)
  const { app } = await testApp(t, { links })
  t.equal((await importCommand(dataDir, ['--file', SAMPLE, '--uai', '0340000X', '--mode', 'full'])).code, 0)
  const manual = await importCommand(dataDir, ['--history', '--uai', '0340000X'])
  t.match(manual.out, /1\. .* — import complet — test\/fixtures\/pronote\/IdPN_sample\.xml/)
  const small = join(dataDir, 'small.xml')
  await writeFile(small, '<IdentifiantsPRONOTE UAI="0340000X"><Eleve IDPN="A8BT6EGHDW3QFPXC" Nom="DUPONT" Prenom="Léa" DateNaissance="12/03/2010"/></IdentifiantsPRONOTE>')
  // Hugo (left ambiguous) is linked by hand; the small file no longer holds his IDPN.
  await links.addLinks('0340000X', [{ uai: '0340000X', idpn: 'H3JD8SKW2MCV6TQE', uid: 'hugo.martin1', category: 1, source: 'manual', linkedAt: new Date().toISOString() }])
  const stopped = await importCommand(dataDir, ['--file', small, '--uai', '0340000X', '--mode', 'full'])
  t.equal(stopped.code, 3, stopped.out)
  t.match(stopped.out, /H3JD8SKW2MCV6TQE  hugo\.martin1.*lié à la main/)
  t.equal(await pronoteIdOf(app, 'marc.dupont', 'parent.html'), 'P4LK9JH2GF6DS3AQ', 'nothing written')
  t.equal((await importCommand(dataDir, ['--file', small, '--uai', '0340000X', '--mode', 'full', '--force', '--by', 'mme.proviseure'])).code, 0)
  t.equal(await pronoteIdOf(app, 'marc.dupont', 'parent.html'), undefined, 'forced: the parent\'s link is gone')
  const undo = await importCommand(dataDir, ['--undo', '--uai', '0340000X'])
  t.equal(undo.code, 0, undo.out)
  t.equal(await pronoteIdOf(app, 'marc.dupont', 'parent.html'), 'P4LK9JH2GF6DS3AQ', 'undone: the running server gives it again')
  t.equal((await links.linksOf('hugo.martin1', '0340000X'))[0]?.source, 'manual', 'the hand-made link is back too')
})

t.test('an import whose UAI differs from --uai is refused with one line and changes nothing', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'sesame-links-'))
  const res = await importCommand(dataDir, ['--file', SAMPLE, '--uai', '0340001Y', '--mode', 'full'])
  t.equal(res.code, 2)
  const errors = res.out.trim().split('\n').filter((l) => /refusé/.test(l))
  t.equal(errors.length, 1, res.out)
  t.match(errors[0], /0340000X.*0340001Y/)
  t.same(await (await FileLinkStore.open(dataDir)).listEstablishment('0340001Y'), [])
})

t.test('the admin API is served under PUBLIC_URL\'s path when ADMIN_JWT_SECRET is set, and off otherwise', async (t) => {
  const { SignJWT } = await import('jose')
  const secret = 'an-admin-secret-of-at-least-32-characters'
  const { app } = await testApp(t, { env: { ADMIN_JWT_SECRET: secret, PUBLIC_URL: 'https://cas.example.fr/cas', ADMIN_JWT_AUDIENCE: 'sesame-admin-e2e', ADMIN_JWT_ISSUER: 'https://idp.example.fr' } })
  const sign = async (issuer: string): Promise<string> => await new SignJWT({ uai: ['0340000X'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('admin').setAudience('sesame-admin-e2e')
    .setIssuer(issuer).setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode(secret))
  const token = await sign('https://idp.example.fr')
  const ok = await app.inject({ url: '/cas/admin/api/establishments/0340000X/links', headers: { authorization: `Bearer ${token}` } })
  t.equal(ok.statusCode, 200)
  t.equal((await app.inject({ url: '/cas/admin/api/establishments/0340000X/links', headers: { authorization: `Bearer ${await sign('https://other.example')}` } })).statusCode, 401, 'ADMIN_JWT_ISSUER is enforced')
  t.equal((await app.inject({ url: '/cas/admin/api/establishments/0750001A/links', headers: { authorization: `Bearer ${token}` } })).statusCode, 403, 'and the token\'s scope')
  t.equal((await app.inject('/cas/admin/api/establishments/0340000X/links')).statusCode, 401)
  const { app: off } = await testApp(t)
  t.equal((await off.inject({ url: '/admin/api/establishments/0340000X/links', headers: { authorization: `Bearer ${token}` } })).statusCode, 404)
})
