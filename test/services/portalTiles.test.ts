import t from 'tap'
import type { Person } from '../../src/directory/Person.js'
import { parseServices } from '../../src/services/parseServices.js'
import { portalTiles } from '../../src/services/portalTiles.js'

const services = parseServices([
  { id: 'pn-x', name: 'PRONOTE — Lycée Joffre', uai: '0340000X', pronoteUrl: 'https://0340000x.index-education.net/pronote/', evaluationOrder: 10 },
  { id: 'pn-y', name: 'PRONOTE — Collège Clemenceau', uai: '0340001Y', pronoteUrl: 'https://0340001y.index-education.net/pronote/', access: ['eleve', 'parent'], evaluationOrder: 20 },
  { id: 'cdi', name: 'CDI en ligne', serviceId: 'https://cdi.example.fr/**', launchUrl: 'https://cdi.example.fr/', group: 'Ressources', description: 'Catalogue du CDI', access: ['eleve', 'enseignant'], evaluationOrder: 30 },
  { id: 'hidden', name: 'Caché', serviceId: 'https://cache.example.fr/**', evaluationOrder: 40 }
], 'test')

const person = (over: Partial<Person>): Person => ({ uid: 'x', directoryId: 'd', profiles: [], uais: [], children: [], ...over })

t.test('a pupil sees her school\'s PRONOTE, opened on the pupils\' space, and the resources open to pupils', async (t) => {
  const groups = portalTiles(services, person({ profiles: ['National_ELV'], uais: ['0340000X'] }))
  t.same(groups, [
    { group: 'Scolarité', tiles: [{ serviceId: 'pn-x', name: 'PRONOTE — Lycée Joffre', description: undefined, url: 'https://0340000x.index-education.net/pronote/eleve.html' }] },
    { group: 'Ressources', tiles: [{ serviceId: 'cdi', name: 'CDI en ligne', description: 'Catalogue du CDI', url: 'https://cdi.example.fr/' }] }
  ])
})

t.test('a parent with children in two schools sees one PRONOTE tile per school, on the parents\' space', async (t) => {
  const groups = portalTiles(services, person({ profiles: ['National_TUT'], uais: ['0340000X', '0340001Y'] }))
  t.same(groups.map((g) => g.group), ['Scolarité'], 'nothing else is open to parents')
  t.same(groups[0]?.tiles.map((tile) => [tile.name, tile.url]), [
    ['PRONOTE — Lycée Joffre', 'https://0340000x.index-education.net/pronote/parent.html'],
    ['PRONOTE — Collège Clemenceau', 'https://0340001y.index-education.net/pronote/parent.html']
  ])
})

t.test('a teacher opens the teachers\' space, other staff the vie scolaire space', async (t) => {
  const teacher = portalTiles(services, person({ profiles: ['National_ENS'], uais: ['0340000X'] }))
  t.same(teacher.flatMap((g) => g.tiles.map((tile) => tile.url)), ['https://0340000x.index-education.net/pronote/professeur.html', 'https://cdi.example.fr/'])
  const staff = portalTiles(services, person({ profiles: ['National_EVS'], uais: ['0340000X'] }))
  t.same(staff.flatMap((g) => g.tiles.map((tile) => tile.url)), ['https://0340000x.index-education.net/pronote/viescolaire.html'])
})

t.test('a teacher who is also a parent in the same school gets a tile for each space, told apart by name', async (t) => {
  const tiles = portalTiles(services, person({ profiles: ['National_ENS', 'National_TUT'], uais: ['0340000X'] }))[0]?.tiles ?? []
  t.same(tiles.map((tile) => [tile.name, tile.url]), [
    ['PRONOTE — Lycée Joffre · Espace professeurs', 'https://0340000x.index-education.net/pronote/professeur.html'],
    ['PRONOTE — Lycée Joffre · Espace parents', 'https://0340000x.index-education.net/pronote/parent.html']
  ])
})

t.test('the portal follows the ticket rules: a profile or an establishment the service does not admit shows nothing', async (t) => {
  const urls = (p: Person): string[] => portalTiles(services, p).flatMap((g) => g.tiles.map((tile) => tile.url))
  t.same(urls(person({ profiles: ['National_ENS'], uais: ['0340001Y'] })), ['https://cdi.example.fr/'], 'Clemenceau admits pupils and parents only; the CDI has no establishment')
  t.same(urls(person({ profiles: ['National_ELV'], uais: ['0999999Z'] })), ['https://cdi.example.fr/'], 'no PRONOTE of another school')
  t.same(portalTiles(services, person({ profiles: ['National_TUT'], uais: ['0999999Z'] })), [], 'nothing at all: no group')
})
