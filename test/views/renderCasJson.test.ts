import t from 'tap'
import { renderCasJson } from '../../src/views/renderCasJson.js'
import { aSession, aTicket } from '../tickets/ticketStoreContract.js'

t.test('CAS 3.0 JSON: a multi-valued attribute is an array, a single value a string, and the flags are booleans', async (t) => {
  const ticket = aTicket(aSession(), {
    user: 'marc.dupont',
    attributes: { ENTPersonProfils: ['National_TUT', 'National_ENS'], categories: ['National_2;National_3'], nom: ['DUPONT'] },
    proxies: ['https://portail.example.fr/cb']
  })
  const body = JSON.parse(renderCasJson({ ok: true, ticket, pgtIou: 'PGTIOU-x' }, 3)) as { serviceResponse: { authenticationSuccess: Record<string, unknown> & { attributes: Record<string, unknown> } } }
  const success = body.serviceResponse.authenticationSuccess
  t.same(success.attributes.ENTPersonProfils, ['National_TUT', 'National_ENS'])
  t.equal(success.attributes.categories, 'National_2;National_3')
  t.equal(success.attributes.nom, 'DUPONT')
  t.equal(success.attributes.isFromNewLogin, true)
  t.equal(success.attributes.longTermAuthenticationRequestTokenUsed, false)
  t.equal(success.proxyGrantingTicket, 'PGTIOU-x')
  t.same(success.proxies, ['https://portail.example.fr/cb'])
})

t.test('CAS 2.0 JSON carries no attribute block for a service that releases none', async (t) => {
  const ticket = aTicket(aSession(), { attributes: {} })
  const body = JSON.parse(renderCasJson({ ok: true, ticket }, 2)) as { serviceResponse: { authenticationSuccess: Record<string, unknown> } }
  t.same(Object.keys(body.serviceResponse.authenticationSuccess), ['user'])
})
