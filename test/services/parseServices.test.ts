import t from 'tap'
import { parseServices } from '../../src/services/parseServices.js'

const base = { id: 'p', name: 'P', serviceId: 'https://a.example.fr/**' }

t.test('an invalid registry entry is refused with a line naming the entry and the field', async (t) => {
  const cases: Array<[unknown, RegExp]> = [
    [{}, /services\.json\[0\]\.id/],
    [{ ...base, serviceId: 'a.example.fr' }, /services\.json\[0\]\.serviceId/],
    [{ ...base, serviceId: '^(' }, /serviceId \(id "p"\): expression régulière invalide/],
    [{ ...base, uai: '034' }, /\.uai \(id "p"\): "034" invalide \(attendu : 7 chiffres et une lettre/],
    [{ ...base, access: ['eleves'] }, /\.access\[0\] \(id "p"\): valeur "eleves" inconnue/],
    [{ ...base, attributeRelease: 'all' }, /\.attributeRelease/],
    [{ ...base, pronoteIdAttribute: 'a b' }, /\.pronoteIdAttribute/],
    [{ ...base, singleLogout: 'yes' }, /\.singleLogout/],
    [{ ...base, proxy: { callbackPattern: 'nope' } }, /\.proxy\.callbackPattern/],
    [{ ...base, colour: 'blue' }, /\.colour \(id "p"\): clé inconnue/]
  ]
  for (const [entry, message] of cases) t.throws(() => parseServices([entry], 'services.json'), message)
  t.throws(() => parseServices([base, base], 'services.json'), /en double "p"/)
  t.throws(() => parseServices({}, 'services.json'), /tableau/)
})

t.test('defaults: every access group, no attribute release, cas:user from uid, standard style', async (t) => {
  const [s] = parseServices([base], 'x')
  t.same(s?.access, ['eleve', 'parent', 'enseignant', 'non-enseignant', 'autre'])
  t.equal(s?.attributeRelease, 'none')
  t.equal(s?.userAttribute, 'uid')
  t.equal(s?.attributeStyle, 'standard')
  t.equal(s?.uai, undefined)
})

t.test('the demo registry shipped in config/ is valid', async (t) => {
  const { readServicesFile } = await import('../../src/services/ServiceRegistry.js')
  t.ok((await readServicesFile('config/services.json')).length > 0)
})
