import { replaceFile } from '../storage/replaceFile.js'
import { CliError } from './CliError.js'

/** replaceFile for the command line: a path that cannot be written is one French line (exit code 2). */
export async function writeFileAtomic (path: string, body: string): Promise<void> {
  try {
    await replaceFile(path, body)
  } catch (err) {
    throw new CliError(`impossible d'écrire ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)})`, 2)
  }
}
