import t from 'tap'
import { allows, InvalidAdminScope, parseAdminScope } from '../../src/admin/AdminScope.js'

t.test('a scope is "*" or a non-empty list of UAIs, stored upper-case', async (t) => {
  t.equal(parseAdminScope('*'), '*')
  t.same(parseAdminScope(['0340000x', '0750001A', '0340000X']), ['0340000X', '0750001A'])
  for (const raw of [undefined, null, '', 'all', '0340000X', [], ['*'], ['0340000'], ['0340000X', 42], { uai: '0340000X' }]) {
    t.throws(() => parseAdminScope(raw), InvalidAdminScope, JSON.stringify(raw) ?? 'undefined')
  }
  t.throws(() => parseAdminScope(['03400']), { message: /UAI « 03400 » invalide/ })
})

t.test('allows: "*" covers every establishment, a list only its own, whatever the case', async (t) => {
  t.ok(allows('*', '0340000X'))
  t.ok(allows(['0340000X'], '0340000x'))
  t.ok(allows(parseAdminScope(['0340000x']), '0340000X'))
  t.notOk(allows(['0340000X'], '0750001A'))
  t.notOk(allows(['0340000X'], '0340000'))
})
