import t, { type Test } from 'tap'
import type { Directory } from '../../src/directory/Directory.js'
import type { Person } from '../../src/directory/Person.js'
import { Browser } from '../helpers/browser.js'
import { testApp } from '../helpers/testApp.js'

const enc = encodeURIComponent
const EVIL = '<script>alert(1)</script>"\'&'
const SERVICE = 'https://app.example.fr/x'

/** A directory of one person whose every field is markup, with any password. */
function evilDirectory (): Directory {
  const person: Person = { uid: 'evil', directoryId: 'evil', nom: EVIL, prenom: `<img src=x onerror=alert(2)>`, profiles: ['National_ELV'], uais: ['0340000X'], children: [] }
  return {
    id: 'evil',
    label: `Annuaire ${EVIL}`,
    async authenticate () { return structuredClone(person) },
    async * peopleOf () {},
    async ping () { return true },
    async close () {}
  }
}

const services = [
  { id: 'app', name: `Application ${EVIL}`, serviceId: 'https://app.example.fr/**', evaluationOrder: 1 },
  { id: 'staff-only', name: `Réservé ${EVIL}`, serviceId: 'https://staff.example.fr/**', access: ['enseignant'], evaluationOrder: 2 }
]

/** No markup from a value reached the page unescaped. */
function escaped (t: Test, html: string, where: string): void {
  t.notMatch(html, /<script>alert|<img src=x|onerror=alert\(2\)>/, `${where}: no raw markup`)
  t.notMatch(html, /"'&(?!amp;|lt;|gt;|quot;|#39;)/, `${where}: quotes and ampersands escaped`)
}

t.test('every value a page shows or carries is escaped: labels, names, service names, URLs, hidden fields', async (t) => {
  const { FileDirectory } = await import('../../src/directory/FileDirectory.js')
  const demo = await FileDirectory.load('demo', 'Comptes de démonstration', 'config/demo-users.json')
  const { app } = await testApp(t, { services, directories: [evilDirectory(), demo] })
  const b = new Browser(app)
  const form = await b.get(`/login?service=${enc(SERVICE)}&warn=true&method=POST`)
  t.match(form.body, /Annuaire &lt;script&gt;/, 'the directory label is shown, escaped')
  escaped(t, form.body, 'sign-in form')

  const signedIn = await b.signIn('', 'evil', 'x', { directory: 'evil' })
  t.match(signedIn.body, /&lt;img src=x/, 'the person\'s name is shown, escaped')
  escaped(t, signedIn.body, 'signed-in page')

  const warn = await b.get(`/login?service=${enc(`${SERVICE}?a=1&b=<i>`)}&warn=true`)
  t.match(warn.body, /Application &lt;script&gt;/, 'the warn page names the service, escaped')
  escaped(t, warn.body, 'warn page')

  const post = await b.get(`/login?service=${enc(`${SERVICE}?q="><b>`)}&method=POST`)
  t.match(post.body, /<form method="post" action="https:\/\/app\.example\.fr\/x\?q=%22%3E%3Cb%3E"/, 'the auto-submitted form posts to the normalised URL')
  escaped(t, post.body, 'method=POST form')

  const refused = await b.get(`/login?service=${enc('https://staff.example.fr/')}`)
  t.equal(refused.statusCode, 403)
  t.match(refused.body, /Réservé &lt;script&gt;/)
  escaped(t, refused.body, 'access refused page')
})

t.test('HSTS is sent when PUBLIC_URL is https, and never over plain http', async (t) => {
  const secure = await testApp(t, { env: { PUBLIC_URL: 'https://cas.example.fr/cas' } })
  t.match((await secure.app.inject('/cas/login')).headers['strict-transport-security'], /^max-age=\d{8,}; includeSubDomains$/)
  const plain = await testApp(t)
  t.equal((await plain.app.inject('/login')).headers['strict-transport-security'], undefined)
})
