import t from 'tap'
import { ProtocolError } from '../../src/errors/ProtocolError.js'
import { resolveService } from '../../src/protocol/resolveService.js'
import { parseServices } from '../../src/services/parseServices.js'
import { ServiceRegistry } from '../../src/services/ServiceRegistry.js'

const PRONOTE = 'https://0340000x.index-education.net/pronote/eleve.html'
const pronote = (id: string): unknown => ({ id, name: 'PRONOTE', serviceId: 'https://0340000x.index-education.net/pronote/**', uai: '0340000X', attributeRelease: 'pronote', evaluationOrder: 10 })

t.test('a service URL resolves to the registry\'s answer of the moment: a change of the registry is seen by the next request, however often the URL was resolved before', async (t) => {
  const registry = new ServiceRegistry(parseServices([pronote('first')], 'test'))
  for (let i = 0; i < 3; i++) t.equal(resolveService(registry, PRONOTE).service.id, 'first')
  registry.replace(parseServices([pronote('second')], 'test'))
  t.equal(resolveService(registry, PRONOTE).service.id, 'second', 'the file reloaded')
  registry.replaceConsole(parseServices([{ ...pronote('console') as object, serviceId: 'https://0340000x.index-education.net/pronote/eleve.html', evaluationOrder: 1 }], 'console'))
  t.equal(resolveService(registry, PRONOTE).service.id, 'console', 'a console service, ahead in evaluation order')
  registry.replaceConsole([])
  registry.replace([])
  t.throws(() => resolveService(registry, PRONOTE), ProtocolError, 'removed: refused')
})

t.test('an unregistered URL is refused every time, and the same URL normalised differently resolves alike', async (t) => {
  const registry = new ServiceRegistry(parseServices([pronote('first')], 'test'))
  for (let i = 0; i < 2; i++) t.throws(() => resolveService(registry, 'https://evil.example/'), ProtocolError)
  t.equal(resolveService(registry, 'HTTPS://0340000X.index-education.net:443/pronote/eleve.html').url.url, PRONOTE)
})
