import fc from 'fast-check'
import { FilterParser } from 'ldapts'
import t from 'tap'
import { escapeFilter } from '../../src/directory/ldap/escapeFilter.js'

t.test('the five characters RFC 4515 reserves are escaped as \\xx', async (t) => {
  t.equal(escapeFilter('*'), '\\2a')
  t.equal(escapeFilter('('), '\\28')
  t.equal(escapeFilter(')'), '\\29')
  t.equal(escapeFilter('\\'), '\\5c')
  t.equal(escapeFilter('\0'), '\\00')
  t.equal(escapeFilter('*)(|(uid=*'), '\\2a\\29\\28|\\28uid=\\2a')
})

t.test('other characters, accented ones included, are left as they are', async (t) => {
  t.equal(escapeFilter('élodie.n\'guyen-roux'), 'élodie.n\'guyen-roux')
  t.equal(escapeFilter('a b=c|&!~<>'), 'a b=c|&!~<>')
})

t.test('an escaped value always parses back to one equality on exactly that value', async () => {
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (value) => {
    const filter = FilterParser.parseString(`(uid=${escapeFilter(value)})`) as unknown as { attribute: string, value: string }
    return filter.constructor.name === 'EqualityFilter' && filter.attribute === 'uid' && filter.value === value
  }))
})
