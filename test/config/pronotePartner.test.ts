import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { DEMO_PARTNER, loadEnv } from '../../src/config/loadEnv.js'

const dir = mkdtempSync(join(tmpdir(), 'sesame-partner-'))
t.teardown(() => { rmSync(dir, { recursive: true, force: true }) })
const file = (name: string, text: string): string => { const path = join(dir, name); writeFileSync(path, text); return path }
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const PKCS8 = file('pkcs8.pem', rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string)
const PKCS1 = file('pkcs1.pem', rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string)
const PROD = { NODE_ENV: 'production', CAS_SECRET: 'x'.repeat(32) }

t.test('PRONOTE_PARTNER_NAME and PRONOTE_PARTNER_KEY_FILE give the partner; the key may be PKCS#8 or PKCS#1 PEM', async (t) => {
  for (const keyFile of [PKCS8, PKCS1]) {
    const p = loadEnv({ ...PROD, PRONOTE_PARTNER_NAME: 'ENT-REGION', PRONOTE_PARTNER_KEY_FILE: keyFile }).pronotePartner
    t.match(p, { name: 'ENT-REGION', keyFile, demo: false })
    t.equal(p?.privateKey.asymmetricKeyType, 'rsa')
  }
})

t.test('neither set: the demo partner outside production, none in production', async (t) => {
  t.match(loadEnv({}).pronotePartner, { name: 'SESAME-DEMO', keyFile: DEMO_PARTNER.keyFile, demo: true })
  t.equal(loadEnv(PROD).pronotePartner, undefined)
})

t.test('a partner setting that cannot work stops the start with one line naming the variable', async (t) => {
  const ec = file('ec.pem', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string)
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ PRONOTE_PARTNER_NAME: 'ENT' }, /^PRONOTE_PARTNER_KEY_FILE: obligatoire avec PRONOTE_PARTNER_NAME/],
    [{ PRONOTE_PARTNER_KEY_FILE: PKCS8 }, /^PRONOTE_PARTNER_NAME: obligatoire avec PRONOTE_PARTNER_KEY_FILE/],
    [{ PRONOTE_PARTNER_NAME: 'ENT', PRONOTE_PARTNER_KEY_FILE: join(dir, 'nope.pem') }, /^PRONOTE_PARTNER_KEY_FILE: .*nope\.pem illisible \(ENOENT\)/],
    [{ PRONOTE_PARTNER_NAME: 'ENT', PRONOTE_PARTNER_KEY_FILE: file('junk.pem', 'not a key') }, /^PRONOTE_PARTNER_KEY_FILE: .*n'est pas une clé privée PEM/],
    [{ PRONOTE_PARTNER_NAME: 'ENT', PRONOTE_PARTNER_KEY_FILE: file('pub.pem', rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string) }, /^PRONOTE_PARTNER_KEY_FILE: .*n'est pas une clé privée PEM/],
    [{ PRONOTE_PARTNER_NAME: 'ENT', PRONOTE_PARTNER_KEY_FILE: ec }, /^PRONOTE_PARTNER_KEY_FILE: .*clé ec, une clé privée RSA est attendue/]
  ]
  for (const [env, message] of cases) t.throws(() => loadEnv({ ...PROD, ...env }), { name: 'ConfigError', message }, JSON.stringify(env))
})
