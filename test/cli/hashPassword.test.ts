import { spawn } from 'node:child_process'
import t from 'tap'
import { distEntry } from '../helpers/distEntry.js'
import { verifyPassword } from '../../src/directory/password.js'

function run (input: string): Promise<{ code: number | null, out: string, err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [distEntry('cli/hashPassword.js')], { stdio: ['pipe', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => { out += c.toString() })
    child.stderr.on('data', (c: Buffer) => { err += c.toString() })
    child.on('exit', (code) => resolve({ code, out, err }))
    child.stdin.end(input)
  })
}

t.test('hash-password prints a scrypt hash that verifies the password read from standard input', async (t) => {
  const { code, out } = await run('mot de passe accentué é\n')
  t.equal(code, 0)
  t.match(out, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+\n$/)
  t.ok(await verifyPassword('mot de passe accentué é', out.trim()))
  t.notOk(await verifyPassword('autre', out.trim()))
})

t.test('hash-password refuses an empty password with one line and exit code 2', async (t) => {
  const { code, err } = await run('\n')
  t.equal(code, 2)
  t.equal(err, 'hash-password: mot de passe vide\n')
})
