import t from 'tap'
import { compileServicePattern } from '../../src/services/compileServicePattern.js'
import { normalizeServiceUrl } from '../../src/services/normalizeServiceUrl.js'
import { ServiceRegistry } from '../../src/services/ServiceRegistry.js'
import { parseServices } from '../../src/services/parseServices.js'

const registry = new ServiceRegistry(parseServices([
  { id: 'pronote', name: 'PRONOTE', serviceId: 'https://0340000x.index-education.net/pronote/**' }
], 'test'))
const matches = (url: string): boolean => registry.match(url) !== undefined

t.test('`/**` matches the folder itself, with or without a slash, and everything below it', async (t) => {
  for (const url of [
    'https://0340000x.index-education.net/pronote',
    'https://0340000x.index-education.net/pronote/',
    'https://0340000x.index-education.net/pronote/mobile.eleve.html?fd=1',
    'https://0340000x.index-education.net/pronote/a/b/c.html',
    'https://0340000x.index-education.net/pronote?fd=1',
    'https://0340000x.index-education.net/pronote/eleve.html#anchor'
  ]) t.ok(matches(url), url)
})

t.test('scheme and host compare case-insensitively and the default port is the same as none', async (t) => {
  t.ok(matches('HTTPS://0340000X.INDEX-EDUCATION.NET/pronote/'))
  t.ok(matches('https://0340000x.index-education.net:443/pronote/'))
  t.notOk(matches('https://0340000x.index-education.net/PRONOTE/'), 'the path is case-sensitive')
})

t.test('a URL a browser would send elsewhere than the pattern\'s host never matches', async (t) => {
  for (const url of [
    'https://0340000x.index-education.net@evil.com/pronote/',
    'https://evil.com@0340000x.index-education.net/pronote/',
    'https://evil.com\\@0340000x.index-education.net/pronote/',
    'https://0340000x.index-education.net\\.evil.com/pronote/',
    'https://0340000x.index-education.net.evil.com/pronote/',
    'https://evil-0340000x.index-education.net/pronote/',
    'https://0340000x.index-education.net:8443/pronote/',
    'http://0340000x.index-education.net/pronote/',
    'https://0340000x.index-education.net/pronote/..%2f..%2fadmin',
    'https://0340000x.index-education.net/pronote/%2e%2e/admin',
    'https://0340000x.index-education.net/pronote/../admin',
    'https://0340000x.index-education.net/pronote/%252e%252e/',
    'https://0340000x.index-education.net/pronote/ x',
    'https://0340000x.index-education.net/pronote/\tx',
    ' https://0340000x.index-education.net/pronote/',
    'https://0340000x.index-education.net/pronote/\u0000',
    'https:/0340000x.index-education.net/pronote/',
    'https:///0340000x.index-education.net/pronote/',
    '//0340000x.index-education.net/pronote/',
    'javascript://0340000x.index-education.net/pronote/%0aalert(1)',
    'https://evil.com#@0340000x.index-education.net/pronote/',
    'https://evil.com?@0340000x.index-education.net/pronote/',
    'https://0340000x.index-education.net./pronote/',
    'https://0340000x。index-education。net/pronote/'
  ]) t.notOk(matches(url), JSON.stringify(url))
})

t.test('a dot segment never matches, whatever `;` parameters it carries: servlet containers read `..;` as `..`', async (t) => {
  for (const url of [
    'https://0340000x.index-education.net/pronote/..;/x',
    'https://0340000x.index-education.net/pronote/..;/',
    'https://0340000x.index-education.net/pronote/..;',
    'https://0340000x.index-education.net/pronote/.;x/eleve.html',
    'https://0340000x.index-education.net/pronote/..;jsessionid=1/admin',
    'https://0340000x.index-education.net/pronote/a/..;a;b/..;/manager/html',
    'https://0340000x.index-education.net/pronote/%2e%2e;/x',
    'https://0340000x.index-education.net/pronote/.%2E;x/x',
    'https://0340000x.index-education.net/pronote/..%3b/x',
    'https://0340000x.index-education.net/pronote/..;/x?fd=1',
    'https://0340000x.index-education.net/pronote/a/./eleve.html',
    'https://0340000x.index-education.net/pronote/a/../eleve.html'
  ]) {
    t.notOk(matches(url), url)
    t.equal(normalizeServiceUrl(url), undefined, `${url} is refused before any pattern`)
  }
  for (const url of [
    'https://0340000x.index-education.net/pronote/eleve.html;jsessionid=1',
    'https://0340000x.index-education.net/pronote/...;/x',
    'https://0340000x.index-education.net/pronote/.x;y/',
    'https://0340000x.index-education.net/pronote/x?next=/../..;/',
    'https://0340000x.index-education.net/pronote/eleve.html#/..;/x'
  ]) t.ok(matches(url), `${url}: not a dot segment`)
})

t.test('`**` inside a path matches any number of segments, none included, and never reaches into the query', async (t) => {
  const m = compileServicePattern('https://h.example.fr/a/**/x.html')
  t.ok(m('https://h.example.fr/a/x.html'), 'no segment')
  t.ok(m('https://h.example.fr/a/b/x.html'), 'one segment')
  t.ok(m('https://h.example.fr/a/b/c/x.html'), 'two segments')
  t.notOk(m('https://h.example.fr/a/evil?q=/x.html'), 'the query is not a path')
  t.notOk(m('https://h.example.fr/ax.html'))
  const within = compileServicePattern('https://h.example.fr/a/**.html')
  t.ok(within('https://h.example.fr/a/b/c.html'))
  t.notOk(within('https://h.example.fr/a/evil?.html'))
})

t.test('`*` stays within one path segment and `?` is one character', async (t) => {
  const m = compileServicePattern('https://a.example.fr/app/*/page?.html')
  t.ok(m('https://a.example.fr/app/x/page1.html'))
  t.notOk(m('https://a.example.fr/app/x/y/page1.html'))
  t.notOk(m('https://a.example.fr/app/x/page12.html'))
})

t.test('a `*` in the host stands for one DNS label', async (t) => {
  const m = compileServicePattern('https://*.index-education.net/pronote/**')
  t.ok(m('https://0340000x.index-education.net/pronote/'))
  t.notOk(m('https://evil.com/x.index-education.net/pronote/'))
  t.notOk(m('https://a.b.index-education.net/pronote/'))
})

t.test('a pattern starting with ^ is a regular expression over the whole normalised URL', async (t) => {
  const m = compileServicePattern('^https://ent\\.example\\.fr/.*')
  t.ok(m('https://ent.example.fr/x'))
  t.notOk(m('https://ent.example.fr.evil.com/x'), 'anchored at both ends')
  t.throws(() => compileServicePattern('^https://('), /expression régulière invalide/)
})

t.test('the first match by evaluationOrder wins', async (t) => {
  const r = new ServiceRegistry(parseServices([
    { id: 'late', name: 'Late', serviceId: 'https://a.example.fr/**', evaluationOrder: 20 },
    { id: 'early', name: 'Early', serviceId: 'https://a.example.fr/app/**', evaluationOrder: 10 }
  ], 'test'))
  t.equal(r.match('https://a.example.fr/app/x')?.service.id, 'early')
  t.equal(r.match('https://a.example.fr/other')?.service.id, 'late')
})
