import t from 'tap'
import { PRONOTE_ELEVE, testApp } from '../helpers/testApp.js'
import { parseXml } from '../helpers/wellFormed.js'

t.test('whatever the content type, or none, /samlValidate answers in SAML', async (t) => {
  const { app } = await testApp(t)
  for (const headers of [{}, { 'content-type': 'application/json' }, { 'content-type': 'multipart/form-data; boundary=x' }] as Array<Record<string, string>>) {
    const res = await app.inject({ method: 'POST', url: `/samlValidate?TARGET=${encodeURIComponent(PRONOTE_ELEVE)}`, headers, payload: '<x/>' })
    t.equal(res.headers['content-type'], 'text/xml; charset=utf-8', JSON.stringify(headers))
    t.match(parseXml(res.body).get('StatusMessage')?.[0], /^INVALID_REQUEST: /)
  }
})
