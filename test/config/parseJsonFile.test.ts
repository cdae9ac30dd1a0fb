import t from 'tap'
import { firstSyntaxError, parseJsonFile } from '../../src/config/parseJsonFile.js'

t.test('invalid JSON in a configuration file is reported with its file, line and column', async (t) => {
  const cases: Array<[string, number, number]> = [
    ['[\n  { "id": "a", }\n]', 2, 16],
    ['[\n  {"a": x}\n]', 2, 9],
    ['[{ broken', 1, 4],
    ['[1,]', 1, 4],
    ['[1] 2', 1, 5],
    ['[\n  "abc', 2, 7],
    ['', 1, 1]
  ]
  for (const [text, line, column] of cases) {
    t.throws(() => parseJsonFile(text, 'config/services.json'), { message: new RegExp(`^config/services\\.json: JSON invalide ligne ${line}, colonne ${column} \\(`) }, JSON.stringify(text))
  }
})

t.test('the message never quotes the file\'s text (a users file holds password hashes)', async (t) => {
  t.throws(() => parseJsonFile('[{"passwordHash": scrypt$secret}]', 'u.json'), { message: /^(?!.*secret)/ })
})

t.test('the scanner accepts exactly what JSON.parse accepts', async (t) => {
  const samples = ['{}', '[]', '{"a":[1,-2.5e3,true,false,null,"\\u00e9\\n"]}', ' [ ] ', '"x"', '[01]', '{"a" 1}', '[1 2]', '"\\x"', '[.5]', '{"a":1,}', 'tru', '"a\tb"']
  for (const s of samples) {
    let ok = true
    try { JSON.parse(s) } catch { ok = false }
    t.equal(firstSyntaxError(s) === undefined, ok, JSON.stringify(s))
  }
})
