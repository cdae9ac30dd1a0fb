import t from 'tap'
import { redactUrl } from '../../src/views/redactUrl.js'

const BODY = 'Ab3dE5gH7jK9mN1pQ3sT5vX7zB9dF1hJ'

t.test('tickets are cut to their prefix and six characters, whatever their encoding or the parameter\'s case', async (t) => {
  const cases: Array<[string, string]> = [
    [`/proxy?pgt=PGT-${BODY}&targetService=x`, '/proxy?pgt=PGT-Ab3dE5…&targetService=x'],
    [`/proxy?pgt=PGT%2D${BODY}&targetService=x`, '/proxy?pgt=PGT-Ab3dE5…&targetService=x'],
    [`/proxy?pgt=PGT%2d${BODY.slice(0, 3)}%${BODY.charCodeAt(3).toString(16)}${BODY.slice(4)}`, '/proxy?pgt=PGT-Ab3dE5…'],
    [`/p3/serviceValidate?service=s&ticket=ST%2D${BODY}`, '/p3/serviceValidate?service=s&ticket=ST-Ab3dE5…'],
    [`/serviceValidate?Ticket=ST-${BODY}`, '/serviceValidate?Ticket=ST-Ab3dE5…'],
    [`/serviceValidate?TICKET=ST-${BODY}`, '/serviceValidate?TICKET=ST-Ab3dE5…'],
    [`/serviceValidate?%74icket=ST-${BODY}`, '/serviceValidate?%74icket=ST-Ab3dE5…'],
    [`/cb?pgtIou=PGTIOU-${BODY}&pgtId=PGT-${BODY}`, '/cb?pgtIou=PGTIOU-Ab3dE5…&pgtId=PGT-Ab3dE5…'],
    [`/cb?PGTIOU=PGTIOU%2D${BODY}&PgtId=PGT%2D${BODY}`, '/cb?PGTIOU=PGTIOU-Ab3dE5…&PgtId=PGT-Ab3dE5…'],
    [`/x?ticket=ST-${BODY}%E0%A4%A`, '/x?ticket=ST-Ab3dE5…'],
    [`/x?ticket=${'x'.repeat(20)}-${BODY}`, '/x?ticket=xxxxxx…'],
    ['/login?service=https%3A%2F%2Fent.example.fr%2F', '/login?service=https%3A%2F%2Fent.example.fr%2F']
  ]
  for (const [url, logged] of cases) t.equal(redactUrl(url), logged, url)
})

t.test('a password never shows, in any case or encoding', async (t) => {
  t.equal(redactUrl('/login?username=lea&password=Secret%21'), '/login?username=lea&password=[caché]')
  t.equal(redactUrl('/login?PassWord=Secret'), '/login?PassWord=[caché]')
  t.equal(redactUrl('/login?pass%77ord=Secret'), '/login?pass%77ord=[caché]')
})

t.test('a URL inside a parameter has its own tickets cut: targetService, service, pgtUrl', async (t) => {
  const target = `https://ent.example.fr/app/?ticket=ST-${BODY}&x=1`
  const logged = redactUrl(`/proxy?pgt=PGT-${BODY}&targetService=${encodeURIComponent(target)}`)
  t.notOk(logged.includes(BODY), logged)
  t.equal(decodeURIComponent(logged.split('targetService=')[1] as string), 'https://ent.example.fr/app/?ticket=ST-Ab3dE5…&x=1')
  t.notOk(redactUrl(`/p3/serviceValidate?service=${encodeURIComponent(`https://a/?next=${encodeURIComponent(`https://b/?pgt=PGT%2D${BODY}`)}`)}`).includes(BODY), 'two levels deep')
  t.equal(redactUrl(`https://ent.example.fr/app/?Ticket=ST%2D${BODY}`), 'https://ent.example.fr/app/?Ticket=ST-Ab3dE5…', 'a whole URL, as the audit log holds the service asked for')
})

t.test('everything else is kept as sent', async (t) => {
  for (const url of ['/login', '/login?', '/login?service=https%3A%2F%2Fa%2F&renew=true', '/p3/serviceValidate?service=x&format=JSON&flag', '/a?b=c=d&&e']) {
    t.equal(redactUrl(url), url)
  }
})
