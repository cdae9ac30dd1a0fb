import t from 'tap'
import type { Person } from '../../src/directory/Person.js'
import { MemoryLinkStore } from '../../src/pronote/MemoryLinkStore.js'
import type { PronoteLink } from '../../src/pronote/LinkStore.js'
import { isAccessAllowed } from '../../src/services/isAccessAllowed.js'
import { parseServices } from '../../src/services/parseServices.js'
import { principalFor, releaseAttributes } from '../../src/services/releaseAttributes.js'

const [pronoteX, pronoteY] = parseServices([
  { id: 'x', name: 'X', serviceId: 'https://0340000x.index-education.net/pronote/**', uai: '0340000X', attributeRelease: 'pronote' },
  { id: 'y', name: 'Y', serviceId: 'https://0340001y.index-education.net/pronote/**', uai: '0340001Y', attributeRelease: 'pronote', pronoteIdAttribute: 'idPronote', access: ['parent'] }
], 'test') as [ReturnType<typeof parseServices>[0], ReturnType<typeof parseServices>[0]]

const parentTeacher: Person = {
  uid: 'marc', directoryId: 'aten', nom: 'DUPONT', prenom: 'Marc', codePostal: '34000', jointure: 'J1',
  profiles: ['National_TUT', 'National_ENS'], uais: ['0340000X', '0340001Y'], children: []
}
const link = (uai: string, idpn: string, category: 1 | 2 | 3 | 4): PronoteLink => ({ uai, idpn, uid: 'marc', category, source: 'import', linkedAt: '2026-09-01' })
const links = new MemoryLinkStore([link('0340000X', 'PARENTX000000000', 2), link('0340000X', 'TEACHERX00000000', 3), link('0340001Y', 'PARENTY000000000', 2)])

t.test('a parent with children in two schools gets each school\'s own PRONOTE identifier', async (t) => {
  const x = await releaseAttributes(pronoteX, parentTeacher, 'https://0340000x.index-education.net/pronote/parent.html', links)
  const y = await releaseAttributes(pronoteY, parentTeacher, 'https://0340001y.index-education.net/pronote/parent.html', links)
  t.same(x.pronoteId, ['PARENTX000000000'])
  t.same(y.idPronote, ['PARENTY000000000'], 'under the service\'s pronoteIdAttribute')
  t.equal(y.pronoteId, undefined)
})

t.test('the PRONOTE space in the URL picks the identifier; without one, staff comes first', async (t) => {
  const at = async (path: string): Promise<string[] | undefined> =>
    (await releaseAttributes(pronoteX, parentTeacher, `https://0340000x.index-education.net/pronote/${path}`, links)).pronoteId
  t.same(await at('parent.html'), ['PARENTX000000000'])
  t.same(await at('mobile.parent.html?fd=1'), ['PARENTX000000000'])
  t.same(await at('professeur.html'), ['TEACHERX00000000'])
  t.same(await at(''), ['TEACHERX00000000'])
  t.equal(await at('eleve.html'), undefined, 'no pupil link: no identifier rather than another one')
})

t.test('categories lists each category once, ascending, joined by ;', async (t) => {
  const a = await releaseAttributes(pronoteX, { ...parentTeacher, profiles: ['National_ENS', 'National_TUT', 'National_DOC'] }, 'https://0340000x.index-education.net/pronote/', links)
  t.same(a.categories, ['National_2;National_3'])
  t.same(a.ENTPersonProfils, ['National_ENS', 'National_TUT', 'National_DOC'])
  t.same(a.ENTPersonJointure, ['J1'])
})

t.test('a missing attribute is absent, not empty', async (t) => {
  const a = await releaseAttributes(pronoteX, { uid: 'u', directoryId: 'd', profiles: [], uais: [], children: [] }, 'https://0340000x.index-education.net/pronote/', links)
  t.same(Object.keys(a), ['categories'])
  t.same(a.categories, ['National_4'], 'no profile: autre, category 4')
})

t.test('access: one allowed profile is enough; another establishment is refused; no uai means no restriction', async (t) => {
  t.ok(isAccessAllowed(pronoteY, parentTeacher))
  t.notOk(isAccessAllowed(pronoteY, { ...parentTeacher, profiles: ['National_ENS'] }))
  t.notOk(isAccessAllowed(pronoteX, { ...parentTeacher, uais: ['0340001Y'] }))
  const [open] = parseServices([{ id: 'o', name: 'O', serviceId: 'https://o.example.fr/**' }], 't')
  t.ok(open !== undefined && isAccessAllowed(open, { ...parentTeacher, uais: [] }))
})

t.test('userAttribute jointure gives the joining key as cas:user, and the uid when there is none', async (t) => {
  const [s] = parseServices([{ id: 'j', name: 'J', serviceId: 'https://o.example.fr/**', userAttribute: 'jointure' }], 't')
  if (s === undefined) return t.fail()
  t.equal(principalFor(s, parentTeacher), 'J1')
  t.equal(principalFor(s, { ...parentTeacher, jointure: undefined } as unknown as Person), 'marc')
})
