import t from 'tap'
import { Browser, ticketOf } from '../helpers/browser.js'
import { parseXml } from '../helpers/wellFormed.js'
import { DEMO_PASSWORD, PRONOTE, PRONOTE_ELEVE, TEST_SERVICES, testApp, type TestApp } from '../helpers/testApp.js'

const enc = encodeURIComponent

async function signedIn (t: Parameters<typeof testApp>[0], app: TestApp['app'], service = PRONOTE_ELEVE, user = 'lea.dupont'): Promise<{ b: Browser, st: string }> {
  const b = new Browser(app)
  const res = await b.signIn(`?service=${enc(service)}`, user, DEMO_PASSWORD)
  const st = ticketOf(res)
  if (st === undefined) t.fail(`no ticket: ${res.statusCode}`)
  return { b, st: st as string }
}

for (const store of ['memory', 'redis'] as const) {
  t.test(`with the ${store} ticket store`, async (t) => {
    t.test('200 concurrent validations of one service ticket give exactly one success', async (t) => {
      const { app } = await testApp(t, { store })
      const { st } = await signedIn(t, app)
      const answers = await Promise.all(Array.from({ length: 200 }, async () =>
        (await app.inject(`/p3/serviceValidate?service=${enc(PRONOTE_ELEVE)}&ticket=${st}`)).body))
      t.equal(answers.filter((a) => a.includes('<cas:authenticationSuccess>')).length, 1)
      t.equal(answers.filter((a) => a.includes('code="INVALID_TICKET"')).length, 199)
    })

    t.test('a service ticket is single use even when its validation failed', async (t) => {
      const { app } = await testApp(t, { store })
      const { st } = await signedIn(t, app)
      const wrong = await app.inject(`/serviceValidate?service=${enc('https://ent.example.fr/')}&ticket=${st}`)
      t.match(wrong.body, /code="INVALID_SERVICE"/)
      const right = await app.inject(`/serviceValidate?service=${enc(PRONOTE_ELEVE)}&ticket=${st}`)
      t.match(right.body, /code="INVALID_TICKET"/, 'a service mismatch invalidated the ticket')
    })

    t.test('a service ticket expires after ST_TTL_SECONDS', async (t) => {
      const { app } = await testApp(t, { store, env: { ST_TTL_SECONDS: '1' } })
      const { st } = await signedIn(t, app)
      await new Promise((resolve) => setTimeout(resolve, 1200))
      const res = await app.inject(`/serviceValidate?service=${enc(PRONOTE_ELEVE)}&ticket=${st}`)
      t.match(res.body, /code="INVALID_TICKET"/)
    })

  })
}

t.test('/p3/serviceValidate answers with the user then the attributes, opening with the three protocol attributes', async (t) => {
  const { app } = await testApp(t)
  const { st } = await signedIn(t, app)
  const res = await app.inject(`/p3/serviceValidate?service=${enc(PRONOTE_ELEVE)}&ticket=${st}`)
  t.equal(res.headers['content-type'], 'application/xml; charset=utf-8')
  t.match(res.body, /^<cas:serviceResponse xmlns:cas="http:\/\/www\.yale\.edu\/tp\/cas">/)
  const names = [...res.body.matchAll(/<cas:([A-Za-z]+)>/g)].map((m) => m[1])
  t.same(names.slice(0, 6), ['authenticationSuccess', 'user', 'attributes', 'authenticationDate', 'longTermAuthenticationRequestTokenUsed', 'isFromNewLogin'])
  t.match(res.body, /<cas:isFromNewLogin>true<\/cas:isFromNewLogin>/)
  t.match(res.body, /<cas:dateNaissance>12\/03\/2010<\/cas:dateNaissance>/)
  t.match(res.body, /<cas:categories>National_1<\/cas:categories>/)
})

t.test('a ticket from single sign-on says isFromNewLogin false, and renew=true refuses it', async (t) => {
  const { app } = await testApp(t)
  const { b } = await signedIn(t, app)
  const st = ticketOf(await b.get(`/login?service=${enc(PRONOTE_ELEVE)}`)) as string
  const st2 = ticketOf(await b.get(`/login?service=${enc(PRONOTE_ELEVE)}`)) as string
  t.match((await app.inject(`/p3/serviceValidate?service=${enc(PRONOTE_ELEVE)}&ticket=${st}`)).body, /<cas:isFromNewLogin>false</)
  t.match((await app.inject(`/p3/serviceValidate?service=${enc(PRONOTE_ELEVE)}&ticket=${st2}&renew=true`)).body, /code="INVALID_TICKET"/)
})

t.test('format=JSON answers in JSON, with multi-valued attributes as arrays', async (t) => {
  const { app } = await testApp(t)
  const { st } = await signedIn(t, app, `${PRONOTE}parent.html`, 'marc.dupont')
  const res = await app.inject(`/p3/serviceValidate?service=${enc(`${PRONOTE}parent.html`)}&ticket=${st}&format=JSON`)
  t.equal(res.headers['content-type'], 'application/json; charset=utf-8')
  const body = JSON.parse(res.body)
  t.equal(body.serviceResponse.authenticationSuccess.user, 'marc.dupont')
  t.equal(body.serviceResponse.authenticationSuccess.attributes.categories, 'National_2')
  t.equal(body.serviceResponse.authenticationSuccess.attributes.isFromNewLogin, true)
  const failure = JSON.parse((await app.inject(`/p3/serviceValidate?service=x&ticket=ST-nope&format=JSON`)).body)
  t.same(failure.serviceResponse.authenticationFailure.code, 'INVALID_TICKET')
})

t.test('/serviceValidate also carries the attributes of a service with an attribute release', async (t) => {
  const { app } = await testApp(t)
  const { st } = await signedIn(t, app)
  const res = await app.inject(`/serviceValidate?service=${enc(PRONOTE_ELEVE)}&ticket=${st}`)
  t.match(res.body, /<cas:attributes>[\s\S]*<cas:nom>DUPONT<\/cas:nom>/)
})

t.test('/serviceValidate of a service that releases nothing has no attributes block; /p3 still has the protocol ones', async (t) => {
  const { app } = await testApp(t)
  const { b } = await signedIn(t, app)
  const portal = 'https://ent.example.fr/portail'
  const st = ticketOf(await b.get(`/login?service=${enc(portal)}`)) as string
  t.notMatch((await app.inject(`/serviceValidate?service=${enc(portal)}&ticket=${st}`)).body, /cas:attributes/)
  const st3 = ticketOf(await b.get(`/login?service=${enc(portal)}`)) as string
  const p3 = (await app.inject(`/p3/serviceValidate?service=${enc(portal)}&ticket=${st3}`)).body
  t.match(p3, /<cas:attributes>\s*<cas:authenticationDate>/)
  t.notMatch(p3, /<cas:nom>/)
})

t.test('attributeStyle both repeats released attributes after <cas:attributes>, not the protocol ones', async (t) => {
  const services = [{ ...TEST_SERVICES[0], attributeStyle: 'both' }]
  const { app } = await testApp(t, { services })
  const { st } = await signedIn(t, app)
  const res = await app.inject(`/serviceValidate?service=${enc(PRONOTE_ELEVE)}&ticket=${st}`)
  t.match(res.body, /<\/cas:attributes>\s*<cas:nom>DUPONT<\/cas:nom>\s*<cas:prenom>Léa<\/cas:prenom>/)
  t.equal(res.body.match(/<cas:authenticationDate>/g)?.length, 1)
})

t.test('/validate (CAS 1.0) answers yes and the user, or no', async (t) => {
  const { app } = await testApp(t)
  const { st } = await signedIn(t, app)
  const ok = await app.inject(`/validate?service=${enc(PRONOTE_ELEVE)}&ticket=${st}`)
  t.equal(ok.body, 'yes\nlea.dupont\n')
  t.equal(ok.headers['content-type'], 'text/plain; charset=utf-8')
  t.equal((await app.inject(`/validate?service=${enc(PRONOTE_ELEVE)}&ticket=${st}`)).body, 'no\n\n')
  t.equal((await app.inject('/validate')).body, 'no\n\n')
})

t.test('error codes: INVALID_REQUEST without ticket or service, INVALID_TICKET_SPEC for a non-service ticket, INVALID_TICKET for an unknown one', async (t) => {
  const { app } = await testApp(t)
  t.match((await app.inject('/serviceValidate?ticket=ST-abc')).body, /code="INVALID_REQUEST"/)
  t.match((await app.inject(`/serviceValidate?service=${enc(PRONOTE_ELEVE)}`)).body, /code="INVALID_REQUEST"/)
  t.match((await app.inject(`/serviceValidate?service=${enc(PRONOTE_ELEVE)}&ticket=TGT-abc`)).body, /code="INVALID_TICKET_SPEC"/)
  t.match((await app.inject(`/serviceValidate?service=${enc(PRONOTE_ELEVE)}&ticket=ST-unknown`)).body, /code="INVALID_TICKET"/)
  t.match((await app.inject(`/serviceValidate?service=${enc(PRONOTE_ELEVE)}&ticket=ST-a&ticket=ST-b`)).body, /code="INVALID_REQUEST"/)
})

t.test('a validation answer is well-formed XML whatever the request holds', async (t) => {
  const { app } = await testApp(t)
  for (const ticket of ['ST-<x>&"\'', 'ST-]]>', '\u0001\u0002', 'ST-' + 'é'.repeat(300)]) {
    const res = await app.inject(`/p3/serviceValidate?service=${enc('https://a/<b>&c')}&ticket=${enc(ticket)}`)
    t.doesNotThrow(() => parseXml(res.body), ticket)
  }
})

t.test('the service URL given at validation is compared once normalised', async (t) => {
  const { app } = await testApp(t)
  const { st } = await signedIn(t, app)
  const res = await app.inject(`/serviceValidate?service=${enc('HTTPS://0340000X.Index-Education.NET:443/pronote/eleve.html')}&ticket=${st}`)
  t.match(res.body, /<cas:authenticationSuccess>/)
})
