import { createInterface } from 'node:readline'
import { hashPassword } from '../directory/password.js'

/** Reads a password without echoing it (terminal) or as the first line of standard input (pipe). */
async function readPassword (prompt: string): Promise<string> {
  const input = process.stdin
  if (!input.isTTY) {
    const rl = createInterface({ input })
    for await (const line of rl) { rl.close(); return line }
    return ''
  }
  process.stderr.write(prompt)
  input.setRawMode(true)
  input.resume()
  let value = ''
  return await new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\u0003') { input.setRawMode(false); reject(new Error('interrompu')); return }
        if (ch === '\r' || ch === '\n') {
          input.setRawMode(false)
          input.pause()
          input.off('data', onData)
          process.stderr.write('\n')
          resolve(value)
          return
        }
        if (ch === '\u007f') value = value.slice(0, -1)
        else value += ch
      }
    }
    input.on('data', onData)
  })
}

/**
 * `sesame hash-password` (and `npm run hash-password`): prints the scrypt hash to put in a `file`
 * directory's passwordHash. Returns the exit code: 0, or 2 with one line on stderr.
 */
export async function hashPasswordMain (): Promise<number> {
  try {
    const password = await readPassword('Mot de passe : ')
    if (password === '') throw new Error('mot de passe vide')
    if (process.stdin.isTTY) {
      const again = await readPassword('Confirmez : ')
      if (again !== password) throw new Error('les deux saisies diffèrent')
    }
    process.stdout.write(`${await hashPassword(password)}\n`)
    return 0
  } catch (err) {
    process.stderr.write(`hash-password: ${err instanceof Error ? err.message : String(err)}\n`)
    return 2
  }
}
