import t from 'tap'
import { loadAdmins } from '../../src/config/loadAdmins.js'
import { adminsFile } from '../console/consoleHelpers.js'

t.test('ADMINS_FILE maps each admin to "*" or their establishments, upper case', async (t) => {
  const admins = loadAdmins(adminsFile([{ uid: 'claire.moreau', establishments: ['0340000x'] }, { uid: 'ops', establishments: '*' }]))
  t.same(admins.get('claire.moreau'), ['0340000X'])
  t.equal(admins.get('ops'), '*')
})

t.test('a bad ADMINS_FILE stops the start with a line naming the file, the entry and the key', async (t) => {
  const cases: Array<[unknown, RegExp]> = [
    [{}, /^ADMINS_FILE: .*: tableau attendu \(reçu un objet\)$/],
    [[{ establishments: '*' }], /\[0\]\.uid: identifiant obligatoire/],
    [[{ uid: 'a', establishments: [] }], /\[0\]\.establishments \(uid "a"\): .*"\*" ou une liste non vide d'UAI/],
    [[{ uid: 'a', establishments: ['034'] }], /\[0\]\.establishments/],
    [[{ uid: 'a', establishments: 'all' }], /\[0\]\.establishments/],
    [[{ uid: 'a', establishments: '*', role: 'x' }], /\[0\]\.role \(uid "a"\): clé inconnue/],
    [[{ uid: 'a', establishments: '*' }, { uid: 'a', establishments: '*' }], /\[1\]\.uid: "a" en double/]
  ]
  for (const [content, message] of cases) t.throws(() => loadAdmins(adminsFile(content)), message)
  t.throws(() => loadAdmins('/nonexistent/admins.json'), /ADMINS_FILE: \/nonexistent\/admins\.json illisible/)
})
