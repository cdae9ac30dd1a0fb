import { generateKeyPairSync } from 'node:crypto'
import { copyFile, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { loadEnv } from '../../src/config/loadEnv.js'
import { findDemoMaterial, refuseDemoMaterial } from '../../src/config/refuseDemoMaterial.js'
import { FileDirectory } from '../../src/directory/FileDirectory.js'
import { readServicesFile, ServiceRegistry } from '../../src/services/ServiceRegistry.js'
import { parseServices } from '../../src/services/parseServices.js'

const SECRET = 'a-test-secret-of-at-least-32-characters!'
const REAL_SERVICES = [{ id: 'pronote', name: 'PRONOTE', serviceId: 'https://0340000x.index-education.net/pronote/**' }]

async function check (env: Record<string, string>, options: { services?: string, users?: string } = {}): Promise<Parameters<typeof refuseDemoMaterial>[0]> {
  // Built from REAL_SERVICES when no file is named: SERVICES_FILE names some other file then.
  const config = loadEnv({ CAS_SECRET: SECRET, SERVICES_FILE: options.services ?? '/etc/sesame/services.json', ...env })
  const services = options.services === undefined ? parseServices(REAL_SERVICES, 'x') : await readServicesFile(options.services)
  const directories = options.users === undefined ? [] : [await FileDirectory.load('demo', 'Démo', options.users)]
  return { config, directories, registry: new ServiceRegistry(services), env }
}

t.test('an https or production start on the default files is refused, in one French line naming each piece of demo material', async (t) => {
  const starts: Array<Record<string, string>> = [{ PUBLIC_URL: 'https://cas.example.fr' }, { NODE_ENV: 'production' }]
  for (const env of starts) {
    const c = await check(env, { services: 'config/services.json', users: 'config/demo-users.json' })
    t.throws(() => { refuseDemoMaterial(c) }, { name: 'ConfigError', message: /^(PUBLIC_URL en https|NODE_ENV=production) sur du matériel de démonstration : annuaire "demo" = comptes de démonstration .*services de démonstration .*service ouvert à http:\/\/localhost \(demo-localhost\).*SESAME_DEMO=1/ }, JSON.stringify(env))
    t.notMatch(String((() => { try { refuseDemoMaterial(c) } catch (e) { return (e as Error).message } })()), /\n/, 'one line')
  }
})

t.test('SESAME_DEMO=1 allows it; plain http (a developer\'s machine) needs nothing', async (t) => {
  const demo = await check({ PUBLIC_URL: 'https://cas.example.fr', SESAME_DEMO: '1' }, { services: 'config/services.json', users: 'config/demo-users.json' })
  t.doesNotThrow(() => { refuseDemoMaterial(demo) })
  const local = await check({ PUBLIC_URL: 'http://localhost:8080' }, { services: 'config/services.json', users: 'config/demo-users.json' })
  t.doesNotThrow(() => { refuseDemoMaterial(local) })
  t.throws(() => loadEnv({ SESAME_DEMO: 'oui' }), { message: /^SESAME_DEMO: "oui" inconnu/ })
})

t.test('demo material is recognised in a copy: the demo users by their "demo" marker, services by marker and by a localhost pattern', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sesame-demo-'))
  await copyFile('config/demo-users.json', join(dir, 'users.json'))
  await copyFile('config/services.json', join(dir, 'services.json'))
  const copied = await check({ PUBLIC_URL: 'https://cas.example.fr' }, { services: join(dir, 'services.json'), users: join(dir, 'users.json') })
  const found = findDemoMaterial(copied)
  t.match(found, [/^annuaire "demo" = comptes de démonstration/, /^services de démonstration .*pronote-0340000x, pronote-0340001y, demo-localhost/, /demo-localhost/])

  await writeFile(join(dir, 'local.json'), JSON.stringify([...REAL_SERVICES, { id: 'dev', name: 'Dev', serviceId: 'http://localhost:3000/**' }]))
  t.match(findDemoMaterial(await check({}, { services: join(dir, 'local.json') })), [/^service ouvert à http:\/\/localhost \(dev\)$/])
})

t.test('real material passes: own users, own services, a CAS_SECRET', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sesame-demo-'))
  await writeFile(join(dir, 'users.json'), '[]')
  await writeFile(join(dir, 'services.json'), JSON.stringify(REAL_SERVICES))
  const key = join(dir, 'partner.pem')
  await writeFile(key, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }))
  const real = await check({ NODE_ENV: 'production', PRONOTE_PARTNER_NAME: 'ENT-REGION', PRONOTE_PARTNER_KEY_FILE: key }, { services: join(dir, 'services.json'), users: join(dir, 'users.json') })
  t.same(findDemoMaterial(real), [])
})

t.test('a generated CAS_SECRET counts as demo material behind https', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sesame-demo-'))
  const key = join(dir, 'partner.pem')
  await writeFile(key, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }))
  const env = { PUBLIC_URL: 'https://cas.example.fr', SERVICES_FILE: '/etc/sesame/services.json', PRONOTE_PARTNER_NAME: 'ENT-REGION', PRONOTE_PARTNER_KEY_FILE: key }
  const config = loadEnv(env)
  t.same(findDemoMaterial({ config, directories: [], registry: new ServiceRegistry(parseServices(REAL_SERVICES, 'x')), env }), ['CAS_SECRET non défini (secret généré au démarrage)'])
})

t.test('behind https without partner settings, the demo partner key the import would use counts as demo material', async (t) => {
  const config = loadEnv({ PUBLIC_URL: 'https://cas.example.fr', CAS_SECRET: 's'.repeat(32) })
  t.same(findDemoMaterial({ config, directories: [], registry: new ServiceRegistry(parseServices(REAL_SERVICES, 'x')), env: {} }).filter((m) => /partenaire/.test(m)).length, 1)
})
